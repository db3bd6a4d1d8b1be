package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.gc.GcReport;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.testing.SourceTree;
import dev.hokan.store.testing.TreeDigest;
import dev.hokan.store.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection runs again and again while backups into the same vault run and old recovery points
 * are deleted. Whatever the interleaving, every recovery point that was reported complete and not deleted
 * must restore exactly, and at the end nothing unreferenced is left.
 */
class ConcurrentGcTest {
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(2 * 1024, 8 * 1024, 32 * 1024);
    private static final long SMALL_PACKS = 128 * 1024;

    @TempDir
    Path work;

    @Test
    void gcConcurrentWithBackupsNeverLosesCompletedRecoveryPoints() throws Exception {
        LocalBlobStore store = new LocalBlobStore(work.resolve("vault"));
        MasterKey key = MasterKey.loadOrCreate(work.resolve("key"));
        Map<String, String> expected = new ConcurrentHashMap<>();
        List<String> completed = new CopyOnWriteArrayList<>();
        AtomicBoolean backupsRunning = new AtomicBoolean(true);
        long gcRuns;
        try (Vault vault = Vault.create(store, key, work.resolve("cache"), Clock.systemUTC(), SMALL_CHUNKS, SMALL_PACKS)) {
            ExecutorService threads = Executors.newFixedThreadPool(3);
            List<Future<?>> backups = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                SourceTree source = new SourceTree(work.resolve("source-" + writer), writer).populate(40, 60_000);
                backups.add(threads.submit(() -> {
                    for (int round = 0; round < 12; round++) {
                        String digest = TreeDigest.of(source.root());
                        BackupResult result = vault.backup(new BackupRequest(BackupSource.directory(source.root()), source.root().toString()));
                        assertEquals(SnapshotStatus.COMPLETE, result.status());
                        expected.put(result.snapshotId(), digest);
                        completed.add(result.snapshotId());
                        source.mutate();
                    }
                    return null;
                }));
            }
            Future<Long> collector = threads.submit(() -> {
                long runs = 0;
                while (backupsRunning.get() || runs < 3) {
                    if (completed.size() > 4) {
                        String oldest = completed.remove(0);
                        vault.deleteSnapshot(oldest);
                        expected.remove(oldest);
                    }
                    vault.collectGarbage();
                    runs++;
                }
                return runs;
            });
            for (Future<?> backup : backups) {
                backup.get();
            }
            backupsRunning.set(false);
            gcRuns = collector.get();
            threads.shutdown();

            GcReport last = vault.collectGarbage();
            assertEquals(0, last.packsPending(), "with no backups running, every condemned pack is deleted");
            for (var point : expected.entrySet()) {
                Path target = work.resolve("restore-" + point.getKey());
                vault.restore(new RestoreRequest(point.getKey(), RestoreSink.directory(target)));
                assertEquals(point.getValue(), TreeDigest.of(target), "recovery point " + point.getKey());
            }
            VerifyReport report = vault.verify(true);
            assertTrue(report.ok(), () -> "vault check: " + report);
        }
        assertTrue(gcRuns >= 3);
        assertTrue(store.list("gc/").isEmpty(), "no garbage collection decision left pending");
        assertTrue(store.list("sessions/").isEmpty(), "no session left registered");
        assertEquals(expected.size(), store.list("snapshots/").size());
    }

    @Test
    void gcFreesTheDataOfDeletedRecoveryPoints() throws Exception {
        LocalBlobStore store = new LocalBlobStore(work.resolve("vault"));
        MasterKey key = MasterKey.loadOrCreate(work.resolve("key"));
        try (Vault vault = Vault.create(store, key, work.resolve("cache"), Clock.systemUTC(), SMALL_CHUNKS, SMALL_PACKS)) {
            SourceTree source = new SourceTree(work.resolve("source"), 7).populate(30, 100_000);
            String first = vault.backup(new BackupRequest(BackupSource.directory(source.root()), "r")).snapshotId();
            long afterFirst = bytesUnder(store.root().resolve("data"));
            Files.walk(source.root()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            new SourceTree(source.root(), 8).populate(30, 100_000);
            String second = vault.backup(new BackupRequest(BackupSource.directory(source.root()), "r")).snapshotId();
            String secondDigest = TreeDigest.of(source.root());

            vault.deleteSnapshot(first);
            GcReport report = vault.collectGarbage();
            assertTrue(report.packsDeleted() > 0 && report.bytesFreed() > afterFirst / 2, () -> "freed: " + report);
            vault.restore(new RestoreRequest(second, RestoreSink.directory(work.resolve("restored"))));
            assertEquals(secondDigest, TreeDigest.of(work.resolve("restored")));
            assertTrue(vault.verify(true).ok());
        }
    }

    private static long bytesUnder(Path directory) throws java.io.IOException {
        try (var files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
