package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.BlobRange;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.ForwardingBlobStore;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.blob.ReadPlan;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore tells the store, before its first chunk, every chunk it will read and in which order, so that a store far
 * away fetches the next packs while the current ones are written.
 */
class RestorePlanTest {
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(2 * 1024, 8 * 1024, 32 * 1024);
    private static final long SMALL_PACKS = 128 * 1024;

    @TempDir
    Path dir;

    /** Records the plans announced and the reads of packs made while one was open (the trees are read before). */
    private static final class PlannedStore extends ForwardingBlobStore {
        final List<List<BlobRange>> plans = new CopyOnWriteArrayList<>();
        final List<BlobRange> reads = new CopyOnWriteArrayList<>();
        final AtomicBoolean open = new AtomicBoolean();

        PlannedStore(BlobStore store) {
            super(store);
        }

        @Override
        public ReadPlan plan(List<BlobRange> planned) {
            plans.add(planned);
            open.set(true);
            ReadPlan inner = super.plan(planned);
            return () -> {
                open.set(false);
                inner.close();
            };
        }

        @Override
        public void read(String key, long offset, int length, byte[] into) throws IOException {
            if (key.startsWith("data/") && open.get()) {
                reads.add(new BlobRange(key, offset, length));
            }
            super.read(key, offset, length, into);
        }
    }

    @Test
    void aRestoreAnnouncesEveryChunkItReadsBeforeReadingThem() throws Exception {
        PlannedStore store = new PlannedStore(new LocalBlobStore(dir.resolve("vault")));
        SourceTree source = new SourceTree(dir.resolve("source"), 3).populate(40, 200_000);
        Path target = dir.resolve("target");
        try (Vault vault = Vault.create(store, MasterKey.generate(), dir.resolve("cache"), Clock.systemUTC(),
                SMALL_CHUNKS, SMALL_PACKS)) {
            String point = TestFiles.backup(vault, source.root()).snapshotId();
            TestFiles.restore(vault, point, target);
        }
        TestFiles.assertSameTree(TestFiles.capture(source.root()), TestFiles.capture(target), "restored");

        assertEquals(1, store.plans.size(), "one plan per restore");
        List<BlobRange> plan = store.plans.getFirst();
        Set<String> packs = new LinkedHashSet<>();
        plan.forEach(read -> packs.add(read.key()));
        assertTrue(packs.size() > 3, "the data spans several packs: " + packs.size());
        assertEquals(Set.copyOf(plan), Set.copyOf(store.reads), "the plan is what the restore reads");
        assertEquals(false, store.open.get(), "the plan is closed once the restore is done");

        // a chunk stored once and read for two files has two places in the plan: only the others tell the order
        List<Integer> positions = new ArrayList<>();
        for (BlobRange read : store.reads) {
            if (plan.indexOf(read) == plan.lastIndexOf(read)) {
                positions.add(plan.indexOf(read));
            }
        }
        int late = 0;
        int furthest = -1;
        for (int position : positions) {
            late += position < furthest - 64 ? 1 : 0;
            furthest = Math.max(furthest, position);
        }
        assertTrue(positions.size() > plan.size() / 2, "most chunks are read once");
        // A worker the scheduler stops for a moment reads its chunk late (seen once in seven runs on two cores); reads
        // in any other order than the plan's would make about half of them late.
        assertTrue(late <= positions.size() / 100, "chunks are read in the order of the plan, give or take the workers"
                + " in flight: " + late + " of " + positions.size() + " late");
    }

    /**
     * A file with the content of an earlier one (a copied directory, a copy of a large file) is written with it, from
     * chunks read once: when the walk reaches the copy, its chunks' packs may be long gone from what a store far away
     * holds. Each copy keeps its own metadata.
     */
    @Test
    void filesOfTheSameContentAreWrittenFromChunksReadOnce() throws Exception {
        PlannedStore store = new PlannedStore(new LocalBlobStore(dir.resolve("vault")));
        Path source = Files.createDirectories(dir.resolve("source"));
        Random random = new Random(7);
        byte[] large = new byte[1 << 20];
        random.nextBytes(large);
        Files.createDirectories(source.resolve("a-copy/small"));
        Files.createDirectories(source.resolve("m/small"));
        Files.createDirectories(source.resolve("same"));
        Files.write(source.resolve("a-copy/large"), large);
        Files.write(source.resolve("m/large"), large);
        for (int i = 0; i < 12; i++) {
            byte[] small = new byte[1000 + random.nextInt(6000)];
            random.nextBytes(small);
            Files.write(source.resolve("a-copy/small/f" + i), small);
            Files.write(source.resolve("m/small/f" + i), small);
        }
        for (int i = 0; i < 20; i++) {
            Files.writeString(source.resolve("same/s" + i), "the same small file\n");
        }
        Files.setPosixFilePermissions(source.resolve("m/large"), PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(source.resolve("a-copy/large"), FileTime.fromMillis(1_000_000_000_000L));
        Path target = dir.resolve("target");
        try (Vault vault = Vault.create(store, MasterKey.generate(), dir.resolve("cache"), Clock.systemUTC(),
                SMALL_CHUNKS, SMALL_PACKS)) {
            String point = TestFiles.backup(vault, source).snapshotId();
            TestFiles.restore(vault, point, target);
        }
        TestFiles.assertSameTree(TestFiles.capture(source), TestFiles.capture(target), "restored");

        List<BlobRange> plan = store.plans.getFirst();
        assertTrue(plan.size() > 24, "the large file has many chunks: " + plan.size());
        // twenty files of one content: the first and sixteen more are written together, the other three with the
        // seventeenth's (Twins.MOST), so that one chunk is read twice
        assertEquals(1, plan.size() - Set.copyOf(plan).size(), "each chunk is in the plan once");
        assertEquals(1, store.reads.size() - Set.copyOf(store.reads).size(), "each chunk is read once");
    }
}
