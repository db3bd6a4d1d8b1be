package dev.hokan.store.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a child process for a while, hands every line it printed to a reader, and kills it with SIGKILL. Every line
 * the child printed before it died is read: {@code Process.destroyForcibly()} would close the pipe and drop what the
 * reader had not consumed yet, such as the announcement of a deletion the child went on to make.
 */
public final class KilledChild {
    private KilledChild() {
    }

    /** Returns false when the child was still running after {@code millis} and was killed; true when it had exited. */
    public static boolean runAndKill(ProcessBuilder builder, long millis, Consumer<String> onLine)
            throws IOException, InterruptedException {
        Process child = builder.start();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                throw new IllegalStateException("reading the output of the child", e);
            }
        });
        boolean exited = child.waitFor(millis, TimeUnit.MILLISECONDS);
        // Kills without closing the pipe: once the child is gone, what it wrote stays readable up to the end.
        child.toHandle().destroyForcibly();
        child.waitFor();
        reader.join();
        return exited;
    }
}
