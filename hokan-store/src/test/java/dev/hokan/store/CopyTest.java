package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.copy.CopyResult;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.verify.VerifyReport;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying recovery points between vaults transfers only what the target lacks, and restores faithfully. */
class CopyTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @AfterEach
    void removeSymlinks() throws java.io.IOException {
        TestFiles.removeSymlinks(dir);
    }

    @Test
    void copiesAreFaithfulAndIncremental() throws Exception {
        Path source = dir.resolve("source");
        Random random = new Random(8);
        for (int d = 0; d < 4; d++) {
            Path sub = Files.createDirectories(source.resolve("dir-" + d + "/nested"));
            for (int f = 0; f < 5; f++) {
                byte[] data = new byte[random.nextInt(64 * 1024)];
                random.nextBytes(data);
                Files.write(sub.resolve("file-" + f), data);
            }
        }
        byte[] big = new byte[9 * MIB];
        random.nextBytes(big);
        Path bigFile = source.resolve("dir-2/nested/big.bin");
        Files.write(bigFile, big);
        Files.createDirectories(source.resolve("empty"));
        Files.createSymbolicLink(source.resolve("link"), Path.of("dir-0/nested/file-0"));
        Files.createLink(source.resolve("dir-1/hard"), source.resolve("dir-0/nested/file-1"));
        Files.setAttribute(source.resolve("dir-3/nested/file-2"), "unix:mode", 0600);

        MasterKey key = MasterKey.generate();
        try (Vault a = TestFiles.createVault(dir, "vault-a", key); Vault b = TestFiles.createVault(dir, "vault-b", key)) {
            assertNotEquals(a.id(), b.id());
            Map<String, TestFiles.Entry> firstState = TestFiles.capture(source);
            BackupResult first = a.backup(new BackupRequest(BackupSource.directory(source), "files", Map.of("k", "v"), ProgressListener.NONE));
            CopyResult firstCopy = a.copySnapshot(first.snapshotId(), b);
            assertTrue(firstCopy.chunksTransferred() >= first.stats().newChunks() - 1, "first copy: " + firstCopy);
            SnapshotInfo copied = b.snapshot(firstCopy.targetSnapshotId());
            SnapshotInfo original = a.snapshot(first.snapshotId());
            assertEquals(original.resource(), copied.resource());
            assertEquals(original.time(), copied.time());
            assertEquals(original.tags(), copied.tags());
            assertEquals(original.totalBytes(), copied.totalBytes());
            assertEquals(original.fileCount(), copied.fileCount());
            TestFiles.assertSameTree(firstState, TestFiles.capture(TestFiles.restore(b, firstCopy.targetSnapshotId(), dir.resolve("r1"))),
                    "first copy");

            // a small change in the big file: only its changed chunk and the trees above it travel
            try (FileChannel channel = FileChannel.open(bigFile, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {42, 43, 44}), 5 * MIB);
            }
            Files.writeString(source.resolve("dir-0/nested/file-3"), "changed small file");
            Map<String, TestFiles.Entry> secondState = TestFiles.capture(source);
            BackupResult second = a.backup(new BackupRequest(BackupSource.directory(source), "files"));
            assertTrue(second.stats().newChunks() <= 10, "second backup: " + second.stats());
            CopyResult secondCopy = a.copySnapshot(second.snapshotId(), b);
            // 1-2 (rarely 3: boundaries depend on the vault's random chunker seed) data chunks of the big file,
            // 1 small file, and the trees root, dir-0, dir-0/nested, dir-2, dir-2/nested; the first copy moved 20+
            assertTrue(secondCopy.chunksTransferred() >= 7 && secondCopy.chunksTransferred() <= 10, "second copy: " + secondCopy);
            assertTrue(secondCopy.bytesTransferred() <= 3L * 4 * MIB, "second copy: " + secondCopy);
            TestFiles.assertSameTree(secondState, TestFiles.capture(TestFiles.restore(b, secondCopy.targetSnapshotId(), dir.resolve("r2"))),
                    "second copy");
            // the first copy is still intact too
            TestFiles.assertSameTree(firstState, TestFiles.capture(TestFiles.restore(b, firstCopy.targetSnapshotId(), dir.resolve("r1b"))),
                    "first copy after the second");

            // copying the same snapshot again transfers nothing but gives a new recovery point
            CopyResult again = a.copySnapshot(second.snapshotId(), b);
            assertEquals(0, again.chunksTransferred(), "again: " + again);
            assertEquals(3, b.snapshots().size());

            VerifyReport report = b.verify(true);
            assertTrue(report.ok(), "verify B: " + report);
            assertEquals(3, report.snapshots());
            assertTrue(a.verify(true).ok());
        }

        // B stands on its own: reopened with a fresh cache, without A
        try (Vault b = Vault.open(new dev.hokan.store.blob.LocalBlobStore(dir.resolve("vault-b")), key, dir.resolve("fresh-cache"))) {
            String newest = b.snapshots().stream().max(java.util.Comparator.comparing(SnapshotInfo::time)).orElseThrow().id();
            Path target = TestFiles.restore(b, newest, dir.resolve("r3"));
            assertEquals(TestFiles.sha256(bigFile), TestFiles.sha256(target.resolve("dir-2/nested/big.bin")));
            assertTrue(b.verify(true).ok());
        }
    }
}
