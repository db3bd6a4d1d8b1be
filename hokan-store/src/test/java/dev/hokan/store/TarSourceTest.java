package dev.hokan.store;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.TreeDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tar archive a command writes becomes a tree of files, stored file by file: it restores as the directory it was
 * made from, a second archive of the same files adds no data, and an archive cut short or damaged fails the backup.
 */
class TarSourceTest {
    @TempDir
    Path dir;

    @Test
    void anArchiveRestoresAsTheDirectoryItWasMadeFromAndDeduplicatesFileByFile() throws Exception {
        Path source = sampleTree();
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            BackupResult first = vault.backup(new BackupRequest(BackupSource.processTar("tar of source", tar(source)), "tree"));
            assertEquals(SnapshotStatus.COMPLETE, first.status());
            assertEquals(4, first.stats().filesScanned());
            assertEquals("tar of source", vault.manifest(first.snapshotId()).sourcePath());

            Path restored = dir.resolve("restored");
            vault.restore(new RestoreRequest(first.snapshotId(), RestoreSink.directory(restored)));
            assertEquals(TreeDigest.of(source), TreeDigest.of(restored));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored)));

            // the same files behind a new one: only the new file's chunk and the root's tree are stored
            Files.writeString(source.resolve("a-new-file"), "new");
            BackupResult second = vault.backup(new BackupRequest(BackupSource.processTar("tar of source", tar(source)), "tree"));
            assertEquals(2, second.stats().newChunks());
            assertTrue(second.stats().newBytes() < 4096, "new bytes: " + second.stats().newBytes());
        }
    }

    @Test
    void whatACommandWritesAfterTheEndOfArchiveIsReadSoTheCommandEndsWell() throws Exception {
        Path source = sampleTree();
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            // 512 KiB of padding after the archive: more than a pipe holds, so the command dies of SIGPIPE if not read
            BackupResult padded = vault.backup(new BackupRequest(BackupSource.processTar("padded", new ProcessBuilder("sh", "-c",
                    "tar --format=ustar -cf - -C \"$0\" . && head -c 524288 /dev/zero", source.toString())), "tree"));
            assertEquals(SnapshotStatus.COMPLETE, padded.status());
            Path restored = dir.resolve("restored");
            vault.restore(new RestoreRequest(padded.snapshotId(), RestoreSink.directory(restored)));
            assertEquals(TreeDigest.of(source), TreeDigest.of(restored));

            // a command that never stops writing after its archive fails the backup instead of holding it for ever
            IOException endless = assertThrows(IOException.class, () -> vault.backup(new BackupRequest(BackupSource.processTar(
                    "endless", new ProcessBuilder("sh", "-c", "tar --format=ustar -cf - -C \"$0\" . && cat /dev/zero",
                            source.toString())), "tree")));
            assertTrue(endless.getMessage().contains("wrote more than"), endless.getMessage());
        }
    }

    @Test
    void anArchiveCutShortOrDamagedFailsTheBackup() throws Exception {
        Path source = sampleTree();
        try (Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            IOException cut = assertThrows(IOException.class, () -> vault.backup(new BackupRequest(BackupSource.processTar("cut",
                    new ProcessBuilder("sh", "-c", "tar -cf - -C \"$0\" . | head -c 300000", source.toString())), "tree")));
            assertTrue(cut.getMessage().contains("cut ended"), cut.getMessage());

            IOException damaged = assertThrows(IOException.class, () -> vault.backup(new BackupRequest(BackupSource.processTar("damaged",
                    new ProcessBuilder("sh", "-c", "tar -cf - -C \"$0\" . | sed '1s/^./X/'", source.toString())), "tree")));
            assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());

            IOException failed = assertThrows(IOException.class, () -> vault.backup(new BackupRequest(BackupSource.processTar("failed",
                    new ProcessBuilder("sh", "-c", "echo 'tar: cannot go on' >&2; exit 3", source.toString())), "tree")));
            assertTrue(failed.getMessage().contains("exited with status 3: tar: cannot go on"), failed.getMessage());
        }
    }

    private Path sampleTree() throws IOException {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("base/1"));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new SplittableRandom(3).nextBytes(big);
        Files.write(source.resolve("base/1/16384"), big);
        Files.writeString(source.resolve("PG_VERSION"), "15\n");
        Files.createFile(source.resolve("base/empty"));
        Files.writeString(source.resolve("base/1/mode-0640"), "x");
        Files.setPosixFilePermissions(source.resolve("base/1/mode-0640"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(source.resolve("link"), Path.of("base/1/16384"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwx------"));
        return source;
    }

    private static ProcessBuilder tar(Path source) {
        return new ProcessBuilder("tar", "--format=ustar", "-cf", "-", "-C", source.toString(), ".");
    }
}
