package dev.hokan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery points written before trees kept extended attributes, pipes and devices (tree format 1) still restore.
 * The vault under {@code format-1-vault} was written by the code of commit 9cdbad5 from this source: {@code notes.txt}
 * (0640, mtime 1700000000.5), {@code docs/readme.md}, the symlink {@code link -> notes.txt} and the empty directory
 * {@code empty} (mtimes 1700000100).
 */
class FormatCompatibilityTest {
    private static final String POINT = "cc551cc34610e8c529d37fd94a421308";

    @TempDir
    Path dir;

    @AfterEach
    void removeSymlinks() throws IOException {
        TestFiles.removeSymlinks(dir);
    }

    @Test
    void aRecoveryPointOfTreeFormatOneRestores() throws Exception {
        Path fixture = Path.of(getClass().getResource("/format-1-vault").toURI());
        Path vaultDir = dir.resolve("vault");
        try (Stream<Path> files = Files.walk(fixture.resolve("vault"))) {
            for (Path file : files.toList()) {
                Files.copy(file, vaultDir.resolve(fixture.resolve("vault").relativize(file).toString()));
            }
        }
        try (Vault vault = Vault.open(new LocalBlobStore(vaultDir), MasterKey.load(fixture.resolve("master.key")), dir.resolve("cache"))) {
            Path target = dir.resolve("restore");
            RestoreResult result = vault.restore(new RestoreRequest(POINT, RestoreSink.directory(target)));
            assertEquals(List.of(), result.problems());
            var restored = TestFiles.capture(target);
            assertEquals(List.of("docs", "docs/readme.md", "empty", "link", "notes.txt"), List.copyOf(restored.keySet()));
            assertEquals("written by the format-1 code\n", Files.readString(target.resolve("notes.txt")));
            assertEquals("# docs\n", Files.readString(target.resolve("docs/readme.md")));
            assertEquals(0640, restored.get("notes.txt").mode());
            assertEquals(1_700_000_000_500_000_000L, restored.get("notes.txt").mtimeNanos());
            assertEquals(1_700_000_100_000_000_000L, restored.get("docs").mtimeNanos());
            assertEquals("notes.txt", restored.get("link").linkTarget());
            assertTrue(vault.verify(true).ok());

            // a new backup of the same resource takes the format-1 point as its parent and writes format 2
            BackupResult next = vault.backup(new BackupRequest(BackupSource.directory(target), "format-1"));
            assertEquals(SnapshotStatus.COMPLETE, next.status());
            TestFiles.assertSameTree(restored, TestFiles.capture(TestFiles.restore(vault, next.snapshotId(), dir.resolve("again"))),
                    "format 2 after format 1");
        }
    }
}
