package dev.hokan.store;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.FinishSignal;
import dev.hokan.store.backup.NotReached;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.copy.CopyResult;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.SourceTree;
import dev.hokan.store.testing.TreeDigest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Child process of {@link CrashSafetyTest}: backs up (some backups finishing early), deletes, copies and collects
 * garbage in a loop until it is killed, announcing on stdout what it is about to do and what it completed.
 * Arguments: work directory, seed.
 */
public final class CrashWorkload {
    private CrashWorkload() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        MasterKey key = MasterKey.load(work.resolve("key"));
        SourceTree source = new SourceTree(work.resolve("source"), random.nextLong());
        try (Vault vault = Vault.open(new LocalBlobStore(work.resolve("vault-a")), key, work.resolve("cache-child"));
             Vault copies = Vault.open(new LocalBlobStore(work.resolve("vault-b")), key, work.resolve("cache-child"))) {
            System.out.println("READY");
            // half the runs begin with an early finish, so that every run of the test sees some
            boolean finishEarlyFirst = random.nextBoolean();
            while (true) {
                int action = finishEarlyFirst ? 4 : random.nextInt(10);
                finishEarlyFirst = false;
                List<SnapshotInfo> points = vault.snapshots();
                if (action < 4 || points.isEmpty()) {
                    source.mutate();
                    String digest = TreeDigest.of(source.root());
                    BackupResult result = vault.backup(new BackupRequest(BackupSource.directory(source.root()), "source"));
                    System.out.println("BACKED-UP " + result.snapshotId() + " " + digest);
                } else if (action < 5) {
                    source.mutate();
                    finishHalfway(vault, source);
                } else if (action < 6 && points.size() > 3) {
                    String oldest = points.getFirst().id();
                    System.out.println("DELETING " + oldest);
                    vault.deleteSnapshot(oldest);
                } else if (action < 8) {
                    String chosen = points.get(random.nextInt(points.size())).id();
                    CopyResult copy = vault.copySnapshot(chosen, copies);
                    System.out.println("COPIED " + chosen + " " + copy.targetSnapshotId());
                } else {
                    vault.collectGarbage();
                    copies.collectGarbage();
                    System.out.println("COLLECTED");
                }
            }
        }
    }

    /**
     * A backup asked to finish once half the data is stored. A partial snapshot holds the paths before the first
     * one not reached, in the walk's order (each directory's entries by name); the announced digest covers those.
     */
    private static void finishHalfway(Vault vault, SourceTree source) throws Exception {
        FinishSignal finish = new FinishSignal();
        ProgressListener halfway = (done, total) -> {
            if (done >= total / 2) {
                finish.finishNow("halfway");
            }
        };
        BackupResult result = vault.backup(new BackupRequest(BackupSource.directory(source.root()), "source", Map.of(), halfway, finish));
        NotReached notReached = result.notReached();
        if (notReached == null) {
            System.out.println("BACKED-UP " + result.snapshotId() + " " + TreeDigest.of(source.root()));
            return;
        }
        String[] first = notReached.firstPath().split("/");
        String digest = TreeDigest.of(source.root(), path -> Arrays.compare(path.split("/"), first) < 0);
        System.out.println("PARTIAL " + result.snapshotId() + " " + digest);
    }
}
