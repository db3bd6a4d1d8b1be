package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.tree.Tree;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A command's standard output as a backup source, read by another source: stored as one file like any
 * {@link StreamSource}, or as the tree of the tar archive it writes ({@link TarSource}). The command must
 * exit with status 0: output cut short by a failing command is no backup of what it was to write. A command still
 * running when the backup ends (finished early, interrupted, failed) is killed. Its standard error goes where the
 * builder sends it; left as a pipe, it is passed on to this process's standard error, and its last lines explain a
 * failure.
 */
final class ProcessSource implements BackupSource {
    private static final long MAX_TRAILING_BYTES = 1L << 20;
    private final String name;
    private final ProcessBuilder command;
    private final Function<ReadableByteChannel, BackupSource> output;

    /** {@code output} makes the source that reads the command's output. */
    ProcessSource(String name, ProcessBuilder command, Function<ReadableByteChannel, BackupSource> output) {
        this.name = name;
        this.command = command;
        this.output = output;
    }

    @Override
    public String location() {
        return name;
    }

    @Override
    public CompletableFuture<ChunkId> read(BackupSource.Archive archive, Tree parent) throws IOException, InterruptedException {
        Process process = command.redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        ErrorTail errors = command.redirectError() == ProcessBuilder.Redirect.PIPE ? new ErrorTail(process.getErrorStream()) : null;
        try {
            CompletableFuture<ChunkId> root;
            try (ReadableByteChannel output = Channels.newChannel(process.getInputStream())) {
                root = this.output.apply(output).read(archive, parent);
                if (!archive.finishRequested()) {
                    drain(output);
                }
            } catch (EOFException e) {
                // output cut short by a failing command: the command's own failure says why
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() != 0) {
                    throw failed(process.exitValue(), errors, e);
                }
                throw e;
            }
            if (archive.finishRequested()) {
                return root;
            }
            int status = process.waitFor();
            if (status != 0) {
                throw failed(status, errors, null);
            }
            return root;
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Reads what the command still writes after the source has what it needs (a tar archive's padding after its
     * end-of-archive blocks): closing the pipe before would kill the command with SIGPIPE, and fail the backup. Padding
     * is short; a command that goes on writing is refused rather than read for ever.
     */
    private void drain(ReadableByteChannel output) throws IOException {
        ByteBuffer rest = ByteBuffer.allocate(64 * 1024);
        long read = 0;
        for (int n; (n = output.read(rest)) >= 0; rest.clear()) {
            read += n;
            if (read > MAX_TRAILING_BYTES) {
                throw new IOException("the command writing " + name + " wrote more than " + MAX_TRAILING_BYTES
                        + " bytes after what it was to write");
            }
        }
    }

    private IOException failed(int status, ErrorTail errors, EOFException cause) throws InterruptedException {
        String said = errors == null ? "" : errors.last();
        return new IOException("the command writing " + name + " (" + String.join(" ", command.command())
                + ") exited with status " + status + (said.isEmpty() ? "" : ": " + said), cause);
    }

    /**
     * A piped standard error, passed on to this process's standard error as it comes; its last lines go into the
     * message of a failure.
     */
    private static final class ErrorTail {
        private static final int KEPT = 600;
        private final StringBuilder tail = new StringBuilder();
        private final Thread reader;

        ErrorTail(InputStream errors) {
            reader = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[4096];
                try (errors) {
                    for (int n; (n = errors.read(buffer)) > 0; ) {
                        System.err.write(buffer, 0, n);
                        synchronized (tail) {
                            tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            if (tail.length() > KEPT) {
                                tail.delete(0, tail.length() - KEPT);
                            }
                        }
                    }
                } catch (IOException closed) {
                    // the command ended
                }
            });
        }

        /** What the command wrote last, on one line; waits a moment for its last words. */
        String last() throws InterruptedException {
            reader.join(Duration.ofSeconds(2));
            synchronized (tail) {
                return tail.toString().strip().replaceAll("\\s*\\n\\s*", "; ");
            }
        }
    }
}
