package dev.hokan.store;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_basebackup's tar stream, taken under pgbench load, goes into the vault file by file and restores as a data
 * directory that PostgreSQL starts as it is: consistent (pg_amcheck finds nothing, pgbench's balances add up) and
 * holding every transaction committed before the backup began.
 */
class PostgresBaseBackupTest {
    @TempDir
    Path dir;

    @Test
    void aBaseBackupUnderLoadRestoresAsADataDirectoryThatStartsConsistent() throws Exception {
        Path home = PostgresCluster.home();
        try (PostgresCluster source = PostgresCluster.start(); Vault vault = TestFiles.createVault(dir, "vault", MasterKey.generate())) {
            source.pgbenchInit(5);
            Process load = source.pgbench(4, 20);
            Thread.sleep(2000);
            long committedBefore = Long.parseLong(source.sql("select count(*) from pgbench_history"));
            assertTrue(committedBefore > 0, "pgbench commits before the backup");

            BackupResult backup = vault.backup(new BackupRequest(BackupSource.processTar("pg_basebackup",
                    new ProcessBuilder(PostgresCluster.BIN.resolve("pg_basebackup").toString(), "-h", "127.0.0.1",
                            "-p", Integer.toString(source.port()), "-U", "postgres", "-D", "-", "-Ft", "-X", "fetch",
                            "-c", "fast")), "orders"));
            assertEquals(SnapshotStatus.COMPLETE, backup.status());
            assertTrue(backup.stats().filesScanned() > 900, "one file of the snapshot per file of the cluster: "
                    + backup.stats().filesScanned());
            load.waitFor();

            Path target = home.resolve("restored");
            int uid = (Integer) Files.getAttribute(home, "unix:uid");
            int gid = (Integer) Files.getAttribute(home, "unix:gid");
            vault.restore(new RestoreRequest(backup.snapshotId(), RestoreSink.directory(target, uid, gid)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            try (Stream<Path> files = Files.walk(target)) {
                assertTrue(files.allMatch(f -> uid == owner(f)), "every file belongs to the parent's owner");
            }

            try (PostgresCluster restored = PostgresCluster.restored(target)) {
                PostgresCluster.Result check = restored.amcheck();
                assertEquals(0, check.status(), check.output());
                assertTrue(Long.parseLong(restored.sql("select count(*) from pgbench_history")) >= committedBefore);
                assertEquals(restored.sql("select sum(delta) from pgbench_history"), restored.sql("select sum(abalance) from pgbench_accounts"));
                assertEquals(restored.sql("select sum(delta) from pgbench_history"), restored.sql("select sum(bbalance) from pgbench_branches"));
            }
        } finally {
            PostgresCluster.remove(home);
        }
    }

    private static int owner(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
