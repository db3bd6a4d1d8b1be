package dev.hokan.store.blob;

import dev.hokan.store.testing.BlobStoreContract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract on a local directory, and what only a local directory does: files, temporaries. */
class LocalBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;
    Path root;
    LocalBlobStore local;

    @Override
    protected BlobStore newStore() throws IOException {
        root = dir.resolve("store");
        local = new LocalBlobStore(root);
        return local;
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    @Test
    void objectsAreFilesAndWritesLeaveNoTemporaries() throws IOException {
        store.put("data/ab/abcdef", bytes("object"));
        assertTrue(Files.isRegularFile(root.resolve("data/ab/abcdef")));
        store.delete("data/ab/abcdef");
        assertTrue(temporaries().isEmpty(), "puts must not leave temporaries: " + temporaries());

        assertTrue(store.putIfAbsent("locks/gc", bytes("first")));
        assertFalse(store.putIfAbsent("locks/gc", bytes("second")));
        assertTrue(temporaries().isEmpty(), "putIfAbsent must not leave temporaries: " + temporaries());

        try (BlobWriter writer = store.create("data/cd/cdef")) {
            writer.write(bytes("part one"));
            assertEquals(1, temporaries().size());
            writer.commit();
        }
        assertTrue(temporaries().isEmpty());

        try (BlobWriter writer = store.create("data/ef/ef01")) {
            writer.write(new byte[10_000]);
        }
        assertTrue(temporaries().isEmpty(), "an abandoned writer must delete its temporary: " + temporaries());
    }

    @Test
    void removeAbandonedWritesRemovesOnlyThoseOfDeadProcesses() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        assertEquals(0, finished.waitFor());
        long deadPid = finished.pid();
        long livePid = ProcessHandle.current().pid();

        store.put("data/aa/real", bytes("object"));
        Path deadTop = root.resolve(".tmp-" + deadPid + "-abc");
        Path deadNested = root.resolve("data/aa/.tmp-" + deadPid + "-def");
        Path garbageName = root.resolve("data/aa/.tmp-notapid");
        Path live = root.resolve("data/aa/.tmp-" + livePid + "-123");
        for (Path p : List.of(deadTop, deadNested, garbageName, live)) {
            Files.write(p, bytes("partial"));
        }
        // an open writer of this process is a live temporary too
        try (BlobWriter writer = store.create("data/bb/pending")) {
            writer.write(bytes("in progress"));
            assertEquals(3, store.removeAbandonedWrites());
            assertFalse(Files.exists(deadTop));
            assertFalse(Files.exists(deadNested));
            assertFalse(Files.exists(garbageName));
            assertTrue(Files.exists(live), "the temporary of a live process must stay");
            writer.commit();
        }
        assertArrayEquals(bytes("in progress"), store.get("data/bb/pending"));
        assertArrayEquals(bytes("object"), store.get("data/aa/real"));
        assertEquals(0, store.removeAbandonedWrites());
        assertTrue(Files.exists(live));
    }

    @Test
    void listingAndCleanupSurviveWritersRenamingTemporariesUnderThem() throws Exception {
        for (int i = 0; i < 200; i++) {
            store.put("index/settled-" + i, bytes("x"));
        }
        Set<String> settled = keys("index/");
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; writing.get(); i++) {
                    store.put("index/churn-" + (i % 50), bytes("y"));
                    store.delete("index/churn-" + ((i + 25) % 50));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            for (int round = 0; round < 300; round++) {
                assertTrue(keys("index/").containsAll(settled), "a listing must not stop at a vanished entry");
                assertEquals(0, store.removeAbandonedWrites());
            }
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void refusedKeysWriteNothingOutsideTheStore() throws IOException {
        Path outside = dir.resolve("x");
        invalidKeysAreRefused();
        assertFalse(Files.exists(outside));
        assertFalse(Files.exists(Path.of("/abs")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(root), files.toList(), "nothing may be written next to the store");
        }
    }

    @Test
    void describeNamesTheRoot() {
        assertEquals(root.toAbsolutePath().normalize().toString(), store.describe());
        assertEquals(root.toAbsolutePath().normalize(), local.root());
    }
}
