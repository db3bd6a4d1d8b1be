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
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race garbage collection must win, forced step by step: a backup deduplicates against chunks that
 * only a deleted recovery point used, while a collection condemns exactly those chunks.
 */
class GcProtocolTest {
    private static final ChunkerParams SMALL_CHUNKS = new ChunkerParams(2 * 1024, 8 * 1024, 32 * 1024);

    @TempDir
    Path work;

    @Test
    void backupRunningAcrossACondemnationKeepsEveryChunkItReferences() throws Exception {
        LocalBlobStore store = new LocalBlobStore(work.resolve("vault"));
        try (Vault vault = Vault.create(store, MasterKey.loadOrCreate(work.resolve("key")), work.resolve("cache"),
                Clock.systemUTC(), SMALL_CHUNKS, 64 * 1024)) {
            SourceTree source = new SourceTree(work.resolve("source"), 3).populate(20, 80_000);
            String digest = TreeDigest.of(source.root());
            String first = vault.backup(new BackupRequest(BackupSource.directory(source.root()), "first")).snapshotId();
            vault.deleteSnapshot(first);

            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            ProgressListener pauseOnce = (done, total) -> {
                if (paused.getCount() > 0) {
                    paused.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            CompletableFuture<BackupResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return vault.backup(new BackupRequest(BackupSource.directory(source.root()), "second", Map.of(), pauseOnce));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            paused.await();

            GcReport whileRunning = vault.collectGarbage();
            assertEquals(0, whileRunning.packsDeleted(), "nothing is deleted while a session from before the decision runs");
            assertTrue(whileRunning.packsPending() > 0, "the deleted recovery point's packs are condemned");

            BackupResult later = vault.backup(new BackupRequest(BackupSource.directory(source.root()), "third"));
            assertTrue(later.stats().newChunks() > 0, "a backup started after the decision stores condemned chunks anew");

            resume.countDown();
            BackupResult second = running.get();
            assertEquals(SnapshotStatus.COMPLETE, second.status());

            GcReport after = vault.collectGarbage();
            assertTrue(after.packsDeleted() > 0);
            assertEquals(0, after.packsPending());
            for (String point : new String[] {second.snapshotId(), later.snapshotId()}) {
                Path target = work.resolve("restore-" + point);
                vault.restore(new RestoreRequest(point, RestoreSink.directory(target)));
                assertEquals(digest, TreeDigest.of(target));
            }
            assertTrue(vault.verify(true).ok());
        }
    }
}
