package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A command's standard output as a backup source, stored as one file like any {@link StreamSource}. The command must
 * exit with status 0: output cut short by a failing command is no backup of what it was to write. A command still
 * running when the backup ends (finished early, interrupted, failed) is killed. Its standard error goes where the
 * builder sends it; left as a pipe, which nothing would read, it goes to this process's standard error.
 */
final class ProcessSource implements BackupSource {
    private final String name;
    private final ProcessBuilder command;

    ProcessSource(String name, ProcessBuilder command) {
        this.name = StreamSource.fileName(name);
        this.command = command;
    }

    @Override
    public String location() {
        return name;
    }

    @Override
    public CompletableFuture<ChunkId> read(BackupSource.Archive archive, Tree parent) throws IOException, InterruptedException {
        if (command.redirectError() == ProcessBuilder.Redirect.PIPE) {
            command.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        Process process = command.redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        try {
            CompletableFuture<ChunkId> root;
            try (ReadableByteChannel output = Channels.newChannel(process.getInputStream())) {
                root = new StreamSource(name, output).read(archive, parent);
            }
            if (archive.finishRequested()) {
                return root;
            }
            int status = process.waitFor();
            if (status != 0) {
                throw new IOException("the command writing " + name + " (" + String.join(" ", command.command())
                        + ") exited with status " + status);
            }
            return root;
        } finally {
            process.destroyForcibly();
        }
    }
}
