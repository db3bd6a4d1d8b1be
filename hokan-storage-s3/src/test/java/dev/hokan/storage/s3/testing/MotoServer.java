package dev.hokan.storage.s3.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * moto's S3 server ({@code moto_server}, Python) in a process of its own on a free loopback port. {@code ./run-tests}
 * installs moto where Python is present and moto is not; {@link #command()} is empty only where neither is.
 */
public final class MotoServer extends LoopbackProcess {
    private MotoServer(Process process, int port) {
        super(process, port);
    }

    /** The moto_server program on the PATH, if there is one. */
    public static Optional<Path> command() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "moto_server")).filter(Files::isExecutable).findFirst();
    }

    public static MotoServer start(Path command) throws IOException, InterruptedException {
        int port = LoopbackProcess.freePort();
        Process process = new ProcessBuilder(command.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        LoopbackProcess.awaitListening(process, port, "moto_server");
        return new MotoServer(process, port);
    }
}
