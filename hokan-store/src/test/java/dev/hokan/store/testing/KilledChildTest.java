package dev.hokan.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class KilledChildTest {

    @Test
    void linesTheChildPrintedBeforeTheKillAreReadEvenWhenTheReaderIsBehind() throws Exception {
        List<String> read = new CopyOnWriteArrayList<>();
        ProcessBuilder child = new ProcessBuilder("sh", "-c", "echo first; sleep 0.1; echo second; exec sleep 60");
        boolean exited = KilledChild.runAndKill(child, "first", 300, line -> {
            read.add(line);
            if (read.size() == 1) {
                sleep(1000);
            }
        });
        assertFalse(exited);
        assertEquals(List.of("first", "second"), read);
    }

    @Test
    void theTimeBeforeTheKillCountsFromTheReadyLine() throws Exception {
        List<String> read = new CopyOnWriteArrayList<>();
        ProcessBuilder child = new ProcessBuilder("sh", "-c", "sleep 1; echo ready; sleep 0.1; echo working; exec sleep 60");
        assertFalse(KilledChild.runAndKill(child, "ready", 500, read::add));
        assertEquals(List.of("ready", "working"), read);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
