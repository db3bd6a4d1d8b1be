package dev.hokan.store;

import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.SourceTree;
import dev.hokan.store.testing.TreeDigest;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Child process of {@link CrashSafetyTest}: backs up, deletes, copies and collects garbage in a loop until
 * it is killed, announcing on stdout what it is about to do and what it completed.
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
            while (true) {
                int action = random.nextInt(10);
                List<SnapshotInfo> points = vault.snapshots();
                if (action < 5 || points.isEmpty()) {
                    source.mutate();
                    String digest = TreeDigest.of(source.root());
                    BackupResult result = vault.backup(new BackupRequest(source.root(), "source"));
                    System.out.println("BACKED-UP " + result.snapshotId() + " " + digest);
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
}
