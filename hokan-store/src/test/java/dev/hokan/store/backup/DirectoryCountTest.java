package dev.hokan.store.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress total of a directory backup: the bytes of the regular files below it, as the backup stores them. */
class DirectoryCountTest {
    @TempDir
    Path dir;

    @Test
    void countsRegularFilesOnceEachAndNotWhatLinksPointTo() throws IOException {
        Path source = Files.createDirectories(dir.resolve("source/deep/er"));
        Files.write(dir.resolve("source/a"), new byte[10]);
        Files.write(source.resolve("b"), new byte[200]);
        Files.write(dir.resolve("outside"), new byte[5000]);
        Files.createSymbolicLink(dir.resolve("source/link"), dir.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("source/dirlink"), dir);
        AtomicLong counted = new AtomicLong();

        assertTrue(new DirectorySource(dir.resolve("source")).count(counted::addAndGet));
        assertEquals(210, counted.get());
    }

    @Test
    void aCountWhoseThreadIsInterruptedStopsAndSaysSo() throws IOException {
        Files.write(Files.createDirectories(dir.resolve("source/sub")).resolve("a"), new byte[10]);
        Thread.currentThread().interrupt();
        try {
            assertFalse(new DirectorySource(dir.resolve("source")).count(bytes -> { }));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aSourceThatIsGoneCannotBeCounted() {
        assertFalse(new DirectorySource(dir.resolve("missing")).count(bytes -> { }));
    }
}
