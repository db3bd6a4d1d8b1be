package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;

/** A restart never leaves a job RUNNING: backups start again, restores resume from their checkpoint. */
class RestartTest {
    @TempDir
    Path dir;

    private static final String VAULT = "restart-vault";

    @Test
    void jobsLeftRunningByACrashAreResumedOrFailedWithAReason() throws Exception {
        Path data = dir.resolve("data");
        Path source = Trees.sample(dir.resolve("crashed"), 11);
        String resourceArn;
        String point;
        try (TestServer first = TestServer.start(data)) {
            first.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            resourceArn = first.registerDirectory("crashed", source, "{}");
            String arn = resourceArn;
            point = BackupRestoreTest.awaitBackupOn(first.backup, first.backup.startBackupJob(r -> r
                    .backupVaultName(VAULT).resourceArn(arn).iamRoleArn(TestServer.ROLE)).backupJobId())
                    .recoveryPointArn();
        }
        Instant now = Instant.now();
        String running = UUID.randomUUID().toString();
        String aborting = UUID.randomUUID().toString();
        String stale = UUID.randomUUID().toString();
        try (CellCatalog catalog = TestServer.homeCatalog(data)) {
            catalog.write(tx -> {
                tx.backupJobs().insert(job(running, resourceArn, dev.hokan.catalog.cell.job.BackupJobState.RUNNING, now,
                        now.plus(Duration.ofHours(8))));
                tx.backupJobs().insert(job(aborting, resourceArn, dev.hokan.catalog.cell.job.BackupJobState.ABORTING, now,
                        now.plus(Duration.ofHours(8))));
                tx.backupJobs().insert(job(stale, resourceArn, dev.hokan.catalog.cell.job.BackupJobState.CREATED,
                        now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
                return null;
            });
        }
        Path half = Files.createDirectories(dir.resolve("half"));
        Files.writeString(half.resolve("README.txt"), "half written");
        String restore = InterruptedRestores.leftRunning(data, point, Map.of("TargetPath", half.toString()), 0);

        try (TestServer second = TestServer.start(data)) {
            var resumed = BackupRestoreTest.awaitBackupOn(second.backup, running);
            assertThat(resumed.state()).as(resumed.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertThat(second.backup.describeRecoveryPoint(r -> r.backupVaultName(VAULT)
                    .recoveryPointArn(resumed.recoveryPointArn())).backupSizeInBytes()).isPositive();

            var stopped = second.backup.describeBackupJob(r -> r.backupJobId(aborting));
            assertThat(stopped.state()).isEqualTo(BackupJobState.ABORTED);
            assertThat(stopped.statusMessage()).contains("server stopped");

            var expired = second.backup.describeBackupJob(r -> r.backupJobId(stale));
            assertThat(expired.state()).isEqualTo(BackupJobState.EXPIRED);
            assertThat(expired.statusMessage()).contains("start window");

            var restored = BackupRestoreTest.awaitRestoreOn(second.backup, restore);
            assertThat(restored.statusAsString()).as(restored.statusMessage()).isEqualTo("COMPLETED");
            assertThat(restored.statusMessage()).startsWith("Resumed after the node running it stopped");
        }
        Trees.assertSameTree(source, half);
    }

    @Test
    void aBackupInterruptedByShutdownCompletesAfterTheRestart() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("large"));
        Random random = new Random(3);
        byte[] block = new byte[8 * 1024 * 1024];
        for (int i = 0; i < 8; i++) {
            random.nextBytes(block);
            Files.write(source.resolve("part-" + i + ".bin"), block);
        }
        String jobId;
        try (TestServer first = TestServer.start(data)) {
            first.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            String arn = first.registerDirectory("large", source, "{}");
            jobId = first.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                    .iamRoleArn(TestServer.ROLE)).backupJobId();
        }
        try (TestServer second = TestServer.start(data)) {
            var job = BackupRestoreTest.awaitBackupOn(second.backup, jobId);
            assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            Path restored = dir.resolve("large-restored");
            String restoreId = second.backup.startRestoreJob(r -> r.recoveryPointArn(job.recoveryPointArn())
                    .metadata(Map.of("TargetPath", restored.toString()))).restoreJobId();
            await().atMost(Duration.ofSeconds(120)).until(() -> second.backup.describeRestoreJob(r ->
                    r.restoreJobId(restoreId)).statusAsString().equals("COMPLETED"));
            Trees.assertSameTree(source, restored);
        }
    }

    @Test
    void theManualClockNeverGoesBackAcrossRestarts() throws Exception {
        Path data = dir.resolve("clock-data");
        Instant ahead;
        try (TestServer first = TestServer.start(data)) {
            first.advanceClock(Duration.ofDays(40));
            ahead = first.server.engine().clock().now();
        }
        try (TestServer second = TestServer.start(data)) {
            assertThat(second.server.engine().clock().now()).isEqualTo(ahead);
        }
    }

    @Test
    void aSecondServerCannotShareTheDataDirectory() throws Exception {
        Path data = dir.resolve("shared");
        try (TestServer first = TestServer.start(data)) {
            assertThatThrownBy(() -> TestServer.start(data))
                    .rootCause().hasMessageContaining("Another Hokan server is using the data directory");
            first.backup.createBackupVault(r -> r.backupVaultName("kept"));
        }
        try (TestServer again = TestServer.start(data)) {
            assertThat(again.backup.describeBackupVault(r -> r.backupVaultName("kept")).backupVaultName())
                    .isEqualTo("kept");
        }
    }

    @Test
    void rootCredentialsAreGeneratedOnceAndKeptPrivate() throws IOException {
        Path data = dir.resolve("creds");
        Credentials first = RootCredentials.load(data, Map.of());
        assertThat(first.accessKeyId()).hasSize(20);
        assertThat(first.secretAccessKey()).hasSize(40);
        assertThat(Files.getPosixFilePermissions(data.resolve(RootCredentials.FILE)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(RootCredentials.load(data, Map.of())).isEqualTo(first);
        Credentials fromEnv = RootCredentials.load(data, Map.of(RootCredentials.ACCESS_KEY_ENV, "AKENV",
                RootCredentials.SECRET_KEY_ENV, "env-secret"));
        assertThat(fromEnv).isEqualTo(new Credentials("AKENV", "env-secret"));
    }

    private static BackupJob job(String id, String resourceArn, dev.hokan.catalog.cell.job.BackupJobState state, Instant created,
                                 Instant startBy) {
        return new BackupJob(id, VAULT, resourceArn, new ResourceType("Directory"), "crashed", TestServer.ROLE, state, null,
                created, Instant.EPOCH, startBy, null, null, 10.0, 100, 1000, UUID.randomUUID().toString().toUpperCase(),
                Lifecycle.KEEP_FOREVER, Map.of(), null);
    }

    @Test
    void aVaultWhoseCatalogWasLostIsAdoptedNotWiped() throws Exception {
        Path data = dir.resolve("data");
        assumeTrue(TestServer.catalogOf(data) instanceof CatalogLocation.Embedded, "loses the catalog's SQLite file");
        Path source = Trees.sample(dir.resolve("kept"), 5);
        try (TestServer first = TestServer.start(data)) {
            first.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            String arn = first.registerDirectory("kept", source, "{}");
            String job = first.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                    .iamRoleArn(TestServer.ROLE)).backupJobId();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    first.backup.describeBackupJob(r -> r.backupJobId(job)).state() == BackupJobState.COMPLETED);
        }
        try (var files = Files.list(data)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("catalog.db")).toList()) {
                Files.delete(file);
            }
        }
        try (TestServer second = TestServer.start(data)) {
            second.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            assertThatThrownBy(() -> second.backup.deleteBackupVault(r -> r.backupVaultName(VAULT)))
                    .isInstanceOf(software.amazon.awssdk.services.backup.model.InvalidRequestException.class)
                    .hasMessageContaining("still holds 1 recovery points");
        }
        try (var snapshots = Files.list(data.resolve("vaults").resolve(VAULT).resolve("snapshots"))) {
            assertThat(snapshots.count()).as("the recovery point stored before the catalog was lost").isEqualTo(1);
        }
    }
}
