package dev.hokan.storage.s3.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * s3proxy on its filesystem store, in a process of its own: for tests whose JVM holds Hokan's server, whose Jetty
 * s3proxy's own would clash with. The module runs it from {@code target/s3proxy/s3proxy.jar}, which its build copies
 * there (the {@code jar-with-dependencies} of {@code org.gaul:s3proxy}).
 */
public final class S3ProxyProcess extends LoopbackProcess {
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private S3ProxyProcess(Process process, int port) {
        super(process, port);
    }

    /** Starts s3proxy keeping its buckets under {@code dir}, which it also writes its settings and log to. */
    public static S3ProxyProcess start(Path dir) throws IOException, InterruptedException {
        int port = LoopbackProcess.freePort();
        Path buckets = Files.createDirectories(dir.resolve("buckets"));
        Properties settings = new Properties();
        settings.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        settings.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        settings.setProperty("s3proxy.identity", ACCESS_KEY_ID);
        settings.setProperty("s3proxy.credential", SECRET_ACCESS_KEY);
        settings.setProperty("jclouds.provider", "filesystem");
        settings.setProperty("jclouds.filesystem.basedir", buckets.toString());
        Path file = dir.resolve("s3proxy.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            settings.store(out, null);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
                "--properties", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        LoopbackProcess.awaitListening(process, port, "s3proxy (log: " + dir.resolve("s3proxy.log") + ")");
        return new S3ProxyProcess(process, port);
    }
}
