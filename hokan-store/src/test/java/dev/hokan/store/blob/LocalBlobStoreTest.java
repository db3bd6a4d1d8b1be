package dev.hokan.store.blob;

import dev.hokan.store.testing.BlobStoreContract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
    void aBulkObjectLeavesThePageCacheOnceCommittedASmallOneStays() throws IOException {
        assumeFalse(Files.getFileStore(dir).type().equals("tmpfs"), "on tmpfs the page cache is the storage");
        byte[] pack = new byte[LocalBlobStore.BULK];
        ThreadLocalRandom.current().nextBytes(pack);
        store.put("data/aa/pack", pack);
        store.put("index/small", bytes("an index object"));

        assertFalse(cached(root.resolve("data/aa/pack")), "a committed pack's pages are dropped from the page cache");
        assertTrue(cached(root.resolve("index/small")), "a small object keeps its page");
        assertArrayEquals(pack, store.get("data/aa/pack"));
    }

    /** Whether every page of the file is in the page cache ({@code mincore}, which faults nothing in). */
    private static boolean cached(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).isLoaded();
        }
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

    @Test
    void plannedReadsKeepTheirPacksOpenWithinALimitUntilThePlanEnds() throws IOException {
        List<BlobRange> reads = packs(PlannedFiles.LIMIT + 18);
        try (ReadPlan plan = store.plan(reads)) {
            int mostOpen = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (BlobRange read : reads) {
                    assertArrayEquals(contentOf(read), store.get(read.key(), read.offset(), read.length()));
                    mostOpen = Math.max(mostOpen, openFilesUnderRoot());
                }
            }
            assertEquals(PlannedFiles.LIMIT, mostOpen, "planned packs stay open, no more than the limit");
        }
        assertEquals(0, openFilesUnderRoot(), "the plan's end closes its packs");
        assertArrayEquals(contentOf(reads.getFirst()), store.get(reads.getFirst().key(), 0, 64), "unplanned reads");
        assertEquals(0, openFilesUnderRoot());
    }

    @Test
    void aPlannedPackThatIsGoneWhenFirstReadIsMissing() throws IOException {
        List<BlobRange> reads = packs(2);
        try (ReadPlan plan = store.plan(reads)) {
            assertArrayEquals(contentOf(reads.get(0)), store.get(reads.get(0).key(), 0, 64));
            store.delete(reads.get(1).key());
            assertThrows(NoSuchBlobException.class, () -> store.get(reads.get(1).key(), 0, 64));
        }
    }

    @Test
    void concurrentPlannedReadsAcrossMorePacksThanStayOpenReadTheirBytes() throws Exception {
        List<BlobRange> reads = packs(PlannedFiles.LIMIT * 3);
        ExecutorService readers = Executors.newFixedThreadPool(6);
        try (ReadPlan plan = store.plan(reads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                SplittableRandom random = new SplittableRandom(t);
                done.add(readers.submit(() -> {
                    for (int i = 0; i < 3_000; i++) {
                        BlobRange read = reads.get(random.nextInt(reads.size()));
                        assertArrayEquals(contentOf(read), store.get(read.key(), read.offset(), read.length()));
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            readers.shutdown();
        }
        assertEquals(0, openFilesUnderRoot());
    }

    /**
     * A reader interrupted (its job stopped) stops, and the pack it was reading stays open for the other readers of the
     * plan: another job's restore of the same vault, say. A JDK file channel closed itself for all of them.
     */
    @Test
    void anInterruptedReaderStopsWithoutClosingAPlannedPackUnderTheOthers() throws Exception {
        BlobRange read = packs(1).getFirst();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (ReadPlan plan = store.plan(List.of(read))) {
            assertArrayEquals(contentOf(read), store.get(read.key(), read.offset(), read.length()));
            Thread.currentThread().interrupt();
            try {
                assertThrows(InterruptedIOException.class, () -> store.get(read.key(), read.offset(), read.length()));
            } finally {
                assertTrue(Thread.interrupted(), "the reader's interrupt is left for it to see");
            }
            assertArrayEquals(contentOf(read), other.submit(() -> store.get(read.key(), read.offset(), read.length()))
                    .get());
            assertEquals(1, openFilesUnderRoot(), "still open for the plan");
        } finally {
            other.shutdown();
        }
        assertEquals(0, openFilesUnderRoot());
    }

    /** Packs of 4 KiB, each read as a 64-byte range at an offset of its own; the content says which pack and where. */
    private List<BlobRange> packs(int count) throws IOException {
        List<BlobRange> reads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "data/%02x/pack-%03d".formatted(i % 256, i);
            byte[] pack = new byte[4096];
            for (int b = 0; b < pack.length; b++) {
                pack[b] = (byte) (b * 31 + i);
            }
            store.put(key, pack);
            reads.add(new BlobRange(key, 64L * (i % 60), 64));
        }
        return reads;
    }

    private static byte[] contentOf(BlobRange read) {
        int pack = Integer.parseInt(read.key().substring(read.key().lastIndexOf('-') + 1));
        byte[] content = new byte[read.length()];
        for (int b = 0; b < content.length; b++) {
            content[b] = (byte) ((read.offset() + b) * 31 + pack);
        }
        return content;
    }

    private int openFilesUnderRoot() throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        int count = 0;
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    if (Files.readSymbolicLink(descriptor).startsWith(absolute)) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor the listing itself used
                }
            }
        }
        return count;
    }
}
