package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that change while they are read are read once more; a file that changes again is kept, flagged inconsistent,
 * and the snapshot is PARTIAL, naming it. The change is made from the progress listener at finished chunks. The
 * archiver bounds its read-ahead (a pool of 2 x threads + 1 chunk buffers of at most max-chunk size, plus a read
 * buffer of 2 x max; earlier a 48 MiB semaphore), far below 120 MiB, so when a chunk of the file is finished the read
 * of the file is not done yet.
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
        return backupChanging(vault, source, file, change, 1);
    }

    /** Backs up while {@code change} is applied to {@code file} at the first {@code times} finished chunks. */
    private BackupResult backupChanging(Vault vault, Path source, Path file, Change change, int times) throws Exception {
        AtomicInteger changes = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ProgressListener listener = (done, total) -> {
            if (done > 0 && changes.getAndUpdate(n -> Math.min(n + 1, times)) < times) {
                try {
                    change.apply(file);
                } catch (IOException | RuntimeException e) {
                    failure.set(e);
                }
            }
        };
        BackupResult result = vault.backup(new BackupRequest(BackupSource.directory(source), "growing", Map.of(), listener));
        assertTrue(changes.get() > 0, "the listener never saw progress");
        assertEquals(null, failure.get(), "changing the file failed");
        return result;
    }

    @Test
    void aFileThatChangesAgainWhenReadOnceMoreIsKeptAndFlaggedInconsistent() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Path file = source.resolve("busy.bin");
        writeLargeFile(file);
        AtomicLong mtime = new AtomicLong(1_000_000);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = backupChanging(vault, source, file,
                    f -> Files.setLastModifiedTime(f, FileTime.fromMillis(mtime.incrementAndGet())), Integer.MAX_VALUE);
            assertEquals(SnapshotStatus.PARTIAL, result.status());
            assertEquals(List.of(), result.problems(), "nothing is missing");
            assertEquals(List.of("busy.bin"), result.inconsistent());
            assertEquals(List.of("busy.bin"), vault.manifest(result.snapshotId()).problems().stream()
                    .map(FileProblem::path).toList());
            assertTrue(vault.manifest(result.snapshotId()).problems().getFirst().reason().contains("inconsistent"));

            Path target = dir.resolve("restore");
            RestoreResult restored = vault.restore(new RestoreRequest(result.snapshotId(), RestoreSink.directory(target), List.of(),
                    ProgressListener.NONE));
            assertEquals(List.of("busy.bin"), restored.inconsistent(), "the restore names the file");
            assertEquals(TestFiles.sha256(file), TestFiles.sha256(target.resolve("busy.bin")),
                    "only its time changed, so the copy kept is whole");

            BackupResult next = TestFiles.backup(vault, source);
            assertEquals(SnapshotStatus.COMPLETE, next.status(), "problems: " + next.problems());
            assertEquals(0, next.stats().filesUnchanged(), "a file kept inconsistent is read again by the next backup");
            RestoreResult again = vault.restore(new RestoreRequest(next.snapshotId(), RestoreSink.directory(dir.resolve("restore-next")),
                    List.of(), ProgressListener.NONE));
            assertEquals(List.of(), again.inconsistent());
        }
    }

    @Test
    void aFileAppendedToWhileReadIsReadOnceMoreAndStoredWhole() throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Path file = source.resolve("growing.bin");
        writeLargeFile(file);
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult result = backupChangingWhileRead(vault, source, file,
                    f -> Files.write(f, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND));
            assertEquals(SnapshotStatus.COMPLETE, result.status(), "problems: " + result.problems());
            assertEquals(List.of(), result.inconsistent());
            assertEquals(List.of(), vault.manifest(result.snapshotId()).problems());

            Path target = TestFiles.restore(vault, result.snapshotId(), dir.resolve("restore"));
            assertEquals(TestFiles.sha256(file), TestFiles.sha256(target.resolve("growing.bin")),
                    "the second read stored the file as it is now");
            assertTrue(vault.verify(false).ok());
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
    void aFileTruncatedWhileReadIsReadOnceMoreAndStoredWhole() throws Exception {
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
            assertEquals(SnapshotStatus.COMPLETE, result.status(), "problems: " + result.problems());
            Path target = TestFiles.restore(vault, result.snapshotId(), dir.resolve("restore"));
            assertEquals(100L * MIB, Files.size(target.resolve("shrinking.bin")));
        }
    }
}
