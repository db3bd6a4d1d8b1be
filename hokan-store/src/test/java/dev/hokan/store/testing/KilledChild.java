package dev.hokan.store.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a child process until some time after it said it is ready, hands every line it printed to a reader, and kills
 * it with SIGKILL. Every line the child printed before it died is read: {@code Process.destroyForcibly()} would close
 * the pipe and drop what the reader had not consumed yet, such as the announcement of a deletion the child went on to
 * make. Counting from the ready line, not from the start, gives the child the same work time however long a loaded
 * machine takes to start a JVM.
 */
public final class KilledChild {
    private KilledChild() {
    }

    /**
     * Returns false when the child was still running {@code millis} after it printed {@code readyLine} and was killed;
     * true when it had exited.
     */
    public static boolean runAndKill(ProcessBuilder builder, String readyLine, long millis, Consumer<String> onLine)
            throws IOException, InterruptedException {
        Process child = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals(readyLine)) {
                        ready.countDown();
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                throw new IllegalStateException("reading the output of the child", e);
            } finally {
                ready.countDown();
            }
        });
        ready.await();
        boolean exited = child.waitFor(millis, TimeUnit.MILLISECONDS);
        // Kills without closing the pipe: once the child is gone, what it wrote stays readable up to the end.
        child.toHandle().destroyForcibly();
        child.waitFor();
        reader.join();
        return exited;
    }
}
