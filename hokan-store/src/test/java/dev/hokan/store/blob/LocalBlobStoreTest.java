package dev.hokan.store.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
    @TempDir
    Path dir;
    Path root;
    LocalBlobStore store;

    @BeforeEach
    void open() throws IOException {
        root = dir.resolve("store");
        store = new LocalBlobStore(root);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Set<String> keys(String prefix) throws IOException {
        return store.list(prefix).stream().map(BlobInfo::key).collect(Collectors.toSet());
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    @Test
    void putGetOverwriteAndDelete() throws IOException {
        byte[] data = new byte[100_000];
        new SplittableRandom(1).nextBytes(data);
        store.put("data/ab/abcdef", data);
        assertArrayEquals(data, store.get("data/ab/abcdef"));
        assertTrue(Files.isRegularFile(root.resolve("data/ab/abcdef")));

        store.put("data/ab/abcdef", bytes("replaced"));
        assertArrayEquals(bytes("replaced"), store.get("data/ab/abcdef"));

        store.put("empty", new byte[0]);
        assertArrayEquals(new byte[0], store.get("empty"));

        assertTrue(store.delete("data/ab/abcdef"));
        assertFalse(store.delete("data/ab/abcdef"), "second delete has nothing to delete");
        assertThrows(NoSuchBlobException.class, () -> store.get("data/ab/abcdef"));
        assertThrows(NoSuchBlobException.class, () -> store.get("never/written"));
        assertThrows(NoSuchBlobException.class, () -> store.get("never/written", 0, 1));
        assertTrue(temporaries().isEmpty(), "puts must not leave temporaries: " + temporaries());
    }

    @Test
    void rangeGet() throws IOException {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        store.put("packs/one", data);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 300), store.get("packs/one", 100, 200));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4000, 4096), store.get("packs/one", 4000, 96));
        assertArrayEquals(new byte[0], store.get("packs/one", 4096, 0));
        assertArrayEquals(data, store.get("packs/one", 0, 4096));
        assertThrows(IOException.class, () -> store.get("packs/one", 4000, 97), "range past the end");
        assertThrows(IOException.class, () -> store.get("packs/one", -1, 10), "negative offset");
        assertThrows(IOException.class, () -> store.get("packs/one", 10, -1), "negative length");
    }

    @Test
    void listByPrefix() throws IOException {
        store.put("data/aa/aa01", bytes("1"));
        store.put("data/aa/aa02", bytes("22"));
        store.put("data/ab/ab01", bytes("333"));
        store.put("index/i1", bytes("4444"));
        store.put("snapshots/s1", bytes("55555"));
        store.put("hokan-vault", bytes("marker"));

        assertEquals(Set.of("data/aa/aa01", "data/aa/aa02", "data/ab/ab01"), keys("data/"));
        assertEquals(Set.of("data/aa/aa01", "data/aa/aa02"), keys("data/aa/"));
        assertEquals(Set.of("data/aa/aa01", "data/aa/aa02", "data/ab/ab01"), keys("data/a"));
        assertEquals(Set.of("data/aa/aa02"), keys("data/aa/aa02"));
        assertEquals(Set.of("index/i1"), keys("index/"));
        assertEquals(Set.of(), keys("nothing/"));
        assertEquals(Set.of(), keys("data/zz/"));
        assertEquals(6, keys("").size());
        assertEquals(Set.of("hokan-vault"), keys("hokan"));

        BlobInfo info = store.list("index/").getFirst();
        assertEquals(4, info.size());
        assertTrue(info.modified() != null);
    }

    @Test
    void stat() throws IOException {
        assertTrue(store.stat("config").isEmpty());
        store.put("config", bytes("hello"));
        BlobInfo info = store.stat("config").orElseThrow();
        assertEquals("config", info.key());
        assertEquals(5, info.size());
        store.delete("config");
        assertTrue(store.stat("config").isEmpty());
    }

    @Test
    void putIfAbsentDoesNotReplace() throws IOException {
        assertTrue(store.putIfAbsent("locks/gc", bytes("first")));
        assertFalse(store.putIfAbsent("locks/gc", bytes("second")));
        assertArrayEquals(bytes("first"), store.get("locks/gc"));
        assertTrue(temporaries().isEmpty(), "putIfAbsent must not leave temporaries: " + temporaries());
        store.delete("locks/gc");
        assertTrue(store.putIfAbsent("locks/gc", bytes("third")));
        assertArrayEquals(bytes("third"), store.get("locks/gc"));
    }

    @Test
    void writerIsInvisibleUntilCommit() throws IOException {
        try (BlobWriter writer = store.create("data/cd/cdef")) {
            writer.write(bytes("part one, "));
            writer.write(bytes("xxpart twoxx"), 2, 8);
            assertEquals(18, writer.size());
            assertThrows(NoSuchBlobException.class, () -> store.get("data/cd/cdef"));
            assertTrue(store.stat("data/cd/cdef").isEmpty());
            assertEquals(Set.of(), keys("data/"), "an uncommitted object must not be listed");
            assertEquals(1, temporaries().size());
            writer.commit();
        }
        assertArrayEquals(bytes("part one, part two"), store.get("data/cd/cdef"));
        assertEquals(Set.of("data/cd/cdef"), keys("data/"));
        assertTrue(temporaries().isEmpty());
    }

    @Test
    void abandonedWriterLeavesNothing() throws IOException {
        try (BlobWriter writer = store.create("data/ef/ef01")) {
            writer.write(new byte[10_000]);
        }
        assertThrows(NoSuchBlobException.class, () -> store.get("data/ef/ef01"));
        assertEquals(Set.of(), keys(""));
        assertTrue(temporaries().isEmpty(), "an abandoned writer must delete its temporary: " + temporaries());

        // and an abandoned writer does not disturb an existing object of the same key
        store.put("data/ef/ef02", bytes("keep"));
        try (BlobWriter writer = store.create("data/ef/ef02")) {
            writer.write(bytes("never committed"));
        }
        assertArrayEquals(bytes("keep"), store.get("data/ef/ef02"));
    }

    @Test
    void removeAbandonedTemporariesRemovesOnlyThoseOfDeadProcesses() throws Exception {
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
            assertEquals(3, store.removeAbandonedTemporaries());
            assertFalse(Files.exists(deadTop));
            assertFalse(Files.exists(deadNested));
            assertFalse(Files.exists(garbageName));
            assertTrue(Files.exists(live), "the temporary of a live process must stay");
            writer.commit();
        }
        assertArrayEquals(bytes("in progress"), store.get("data/bb/pending"));
        assertArrayEquals(bytes("object"), store.get("data/aa/real"));
        assertEquals(0, store.removeAbandonedTemporaries());
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
                assertEquals(0, store.removeAbandonedTemporaries());
            }
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void invalidKeysAreRefused() throws IOException {
        Path outside = dir.resolve("x");
        for (String key : List.of("../x", "/abs", "a/../../x", "data/..", "..", "a\\b", "")) {
            assertThrows(IllegalArgumentException.class, () -> store.put(key, bytes("evil")), key);
            assertThrows(IllegalArgumentException.class, () -> store.get(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(key, bytes("evil")), key);
            assertThrows(IllegalArgumentException.class, () -> store.create(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.delete(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.stat(key), key);
        }
        assertFalse(Files.exists(outside));
        assertFalse(Files.exists(Path.of("/abs")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(root), files.toList(), "nothing may be written next to the store");
        }
    }

    @Test
    void describeNamesTheRoot() {
        assertEquals(root.toAbsolutePath().normalize().toString(), store.describe());
        assertEquals(root.toAbsolutePath().normalize(), store.root());
    }
}
