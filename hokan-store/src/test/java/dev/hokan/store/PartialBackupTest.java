package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that change while they are read make a snapshot PARTIAL, naming them. The change is made from the
 * progress listener at the first finished chunk. The archiver bounds its read-ahead (a pool of
 * 2 x threads + 1 chunk buffers of at most max-chunk size, plus a read buffer of 2 x max; earlier a 48 MiB
 * semaphore), far below 120 MiB, so when the first chunk is finished the read of the file is not done yet.
 */
class PartialBackupTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    /** 120 MiB made of a repeated 3 MiB random block: real chunking, cheap deduplicated storage. */
    private static void writeLargeFile(Path file) throws IOException {
        byte[] block = new byte[3 * MIB];
        new SplittableRandom(11).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 40; i++) {
                out.write(block);
            }
        }
    }

    private interface Change {
        void apply(Path file) throws IOException;
    }

    private BackupResult backupChangingWhileRead(Vault vault, Path source, Path file, Change change) throws Exception {
        AtomicBoolean changed = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ProgressListener listener = (done, total) -> {
            if (done > 0 && changed.compareAndSet(false, true)) {
                try {
                    change.apply(file);
                } catch (IOException | RuntimeException e) {
                    failure.set(e);
                }
            }
        };
        BackupResult result = vault.backup(new BackupRequest(source, "growing", Map.of(), listener));
        assertTrue(changed.get(), "the listener never saw progress");
        assertEquals(null, failure.get(), "changing the file failed");
        return result;
    }

    @Test
    void aFileAppendedToWhileReadMakesThePartialSnapshotNameIt() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Path file = source.resolve("growing.bin");
        writeLargeFile(file);
        long originalSize = Files.size(file);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = backupChangingWhileRead(vault, source, file,
                    f -> Files.write(f, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND));
            assertEquals(SnapshotStatus.PARTIAL, result.status());
            assertEquals(1, result.problems().size(), "problems: " + result.problems());
            FileProblem problem = result.problems().getFirst();
            assertEquals("growing.bin", problem.path());
            assertTrue(problem.reason().contains("changed"), problem.reason());

            SnapshotInfo info = vault.snapshot(result.snapshotId());
            assertEquals(SnapshotStatus.PARTIAL, info.status());
            assertEquals(SnapshotStatus.PARTIAL, vault.snapshots().getFirst().status());
            assertEquals(result.problems(), vault.manifest(result.snapshotId()).problems());

            // what was stored restores (whichever length was read), and the vault is consistent
            Path target = TestFiles.restore(vault, result.snapshotId(), dir.resolve("restore"));
            long restored = Files.size(target.resolve("growing.bin"));
            assertTrue(restored == originalSize || restored == originalSize + 5, "restored " + restored);
            assertTrue(vault.verify(false).ok());

            // the next backup reads the file again and is complete
            BackupResult next = TestFiles.backup(vault, source);
            assertEquals(SnapshotStatus.COMPLETE, next.status(), "problems: " + next.problems());
            assertEquals(0, next.stats().filesUnchanged(), "a file read while changing must not count as unchanged later");
            Path again = TestFiles.restore(vault, next.snapshotId(), dir.resolve("restore-next"));
            assertEquals(TestFiles.sha256(file), TestFiles.sha256(again.resolve("growing.bin")));
        }
    }

    @Test
    void aFileDeletedWhileReadMakesThePartialSnapshotNameIt() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Path file = source.resolve("vanishing.bin");
        writeLargeFile(file);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = backupChangingWhileRead(vault, source, file, Files::delete);
            assertEquals(SnapshotStatus.PARTIAL, result.status());
            assertEquals(List.of("vanishing.bin"), result.problems().stream().map(FileProblem::path).toList());
            assertEquals(SnapshotStatus.PARTIAL, vault.snapshot(result.snapshotId()).status());
        }
    }

    @Test
    void aFileTruncatedWhileReadMakesThePartialSnapshotNameIt() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Path file = source.resolve("shrinking.bin");
        writeLargeFile(file);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = backupChangingWhileRead(vault, source, file, f -> {
                try (var channel = java.nio.channels.FileChannel.open(f, StandardOpenOption.WRITE)) {
                    channel.truncate(100L * MIB);
                }
            });
            assertEquals(SnapshotStatus.PARTIAL, result.status());
            assertEquals(List.of("shrinking.bin"), result.problems().stream().map(FileProblem::path).toList());
        }
    }
}
