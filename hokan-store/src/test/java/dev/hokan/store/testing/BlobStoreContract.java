package dev.hokan.store.testing;

import dev.hokan.store.blob.BlobInfo;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.blob.NoSuchBlobException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storage backend must do, whatever it stores on. A new backend proves itself by a test class that
 * extends this one and opens a fresh, empty store in {@link #newStore()}; the suite is in hokan-store's test jar.
 */
public abstract class BlobStoreContract {
    protected BlobStore store;

    /** A new, empty store; called before each test. */
    protected abstract BlobStore newStore() throws IOException;

    @BeforeEach
    void openStore() throws IOException {
        store = newStore();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected Set<String> keys(String prefix) throws IOException {
        return store.list(prefix).stream().map(BlobInfo::key).collect(Collectors.toSet());
    }

    @Test
    void putGetOverwriteAndDelete() throws IOException {
        byte[] data = new byte[100_000];
        new SplittableRandom(1).nextBytes(data);
        store.put("data/ab/abcdef", data);
        assertArrayEquals(data, store.get("data/ab/abcdef"));

        store.put("data/ab/abcdef", bytes("replaced"));
        assertArrayEquals(bytes("replaced"), store.get("data/ab/abcdef"));

        store.put("empty", new byte[0]);
        assertArrayEquals(new byte[0], store.get("empty"));

        assertTrue(store.delete("data/ab/abcdef"));
        assertFalse(store.delete("data/ab/abcdef"), "second delete has nothing to delete");
        assertThrows(NoSuchBlobException.class, () -> store.get("data/ab/abcdef"));
        assertThrows(NoSuchBlobException.class, () -> store.get("never/written"));
        assertThrows(NoSuchBlobException.class, () -> store.get("never/written", 0, 1));
    }

    @Test
    void rangeGet() throws IOException {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        store.put("packs/one", data);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 300), store.get("packs/one", 100, 200));
        assertArrayEquals(Arrays.copyOfRange(data, 4000, 4096), store.get("packs/one", 4000, 96));
        assertArrayEquals(new byte[0], store.get("packs/one", 4096, 0));
        assertArrayEquals(data, store.get("packs/one", 0, 4096));
        assertThrows(IOException.class, () -> store.get("packs/one", 4000, 97), "range past the end");
        assertThrows(IOException.class, () -> store.get("packs/one", -1, 10), "negative offset");
        assertThrows(IOException.class, () -> store.get("packs/one", 10, -1), "negative length");

        byte[] into = new byte[300];
        store.read("packs/one", 1000, 200, into);
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 1200), Arrays.copyOf(into, 200));
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
    void childrenAreTheNamesOneLevelDown() throws IOException {
        store.put("web/config", bytes("1"));
        store.put("web/data/aa/aa01", bytes("2"));
        store.put("db/config", bytes("3"));
        store.put("top", bytes("4"));

        assertEquals(Set.of("web", "db", "top"), Set.copyOf(store.children("")));
        assertEquals(Set.of("config", "data"), Set.copyOf(store.children("web/")));
        assertEquals(Set.of("aa"), Set.copyOf(store.children("web/data/")));
        assertEquals(List.of(), store.children("nothing/"));
        assertThrows(IllegalArgumentException.class, () -> store.children("web"), "not a directory prefix");
    }

    @Test
    void deleteAllRemovesEverythingUnderThePrefixOnly() throws IOException {
        store.put("web/config", bytes("1"));
        store.put("web/data/aa/aa01", bytes("2"));
        store.put("webshop/config", bytes("3"));
        try (BlobWriter pending = store.create("web/data/bb/bb01")) {
            pending.write(bytes("never committed"));
        }

        store.deleteAll("web/");
        assertEquals(Set.of("webshop/config"), keys(""));
        assertEquals(List.of("webshop"), store.children(""));
        store.deleteAll("web/");
        store.put("web/config", bytes("again"));
        assertArrayEquals(bytes("again"), store.get("web/config"));
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
            writer.commit();
        }
        assertArrayEquals(bytes("part one, part two"), store.get("data/cd/cdef"));
        assertEquals(Set.of("data/cd/cdef"), keys("data/"));
    }

    @Test
    void abandonedWriterLeavesNothing() throws IOException {
        try (BlobWriter writer = store.create("data/ef/ef01")) {
            writer.write(new byte[10_000]);
        }
        assertThrows(NoSuchBlobException.class, () -> store.get("data/ef/ef01"));
        assertEquals(Set.of(), keys(""));

        // and an abandoned writer does not disturb an existing object of the same key
        store.put("data/ef/ef02", bytes("keep"));
        try (BlobWriter writer = store.create("data/ef/ef02")) {
            writer.write(bytes("never committed"));
        }
        assertArrayEquals(bytes("keep"), store.get("data/ef/ef02"));
    }

    @Test
    protected void invalidKeysAreRefused() {
        for (String key : List.of("../x", "/abs", "a/../../x", "data/..", "..", "a\\b", "")) {
            assertThrows(IllegalArgumentException.class, () -> store.put(key, bytes("evil")), key);
            assertThrows(IllegalArgumentException.class, () -> store.get(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(key, bytes("evil")), key);
            assertThrows(IllegalArgumentException.class, () -> store.create(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.delete(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.stat(key), key);
        }
    }
}
