package dev.hokan.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.job.RestoreTest;
import dev.hokan.catalog.cell.job.RestoreValidationStatus;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.ContinuousStatus;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.clock.ManualServiceClock;
import dev.hokan.engine.notification.DeliveryService.AttemptResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gauges a scrape reads from a cell's catalog: vault contents (empty vaults too), the age of each resource's
 * newest restorable state (a COMPLETED point, or an active continuous backup's latest restorable time when later),
 * and the lag of active continuous backups.
 */
class CellGaugesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final String CELL = "account=\"111122223333\",region=\"eu-west-1\"";

    @TempDir
    Path dir;

    @Test
    void aScrapeReadsVaultsRecoveryPointAgesAndContinuousLag() {
        try (CellCatalog catalog = CellCatalog.open(dir.resolve("catalog.db"))) {
            catalog.write(tx -> {
                tx.vaults().insert(new BackupVault("daily", NOW.minus(Duration.ofDays(9)), null, "arn:key", 0));
                tx.vaults().insert(new BackupVault("empty", NOW.minus(Duration.ofDays(9)), null, "arn:key", 0));
                tx.recoveryPoints().insert(point("p1", "arn:web", RecoveryPointStatus.COMPLETED, Duration.ofDays(2), 100));
                tx.recoveryPoints().insert(point("p2", "arn:web", RecoveryPointStatus.COMPLETED, Duration.ofHours(5), 300));
                tx.recoveryPoints().insert(point("p3", "arn:web", RecoveryPointStatus.PARTIAL, Duration.ofHours(1), 50));
                tx.recoveryPoints().insert(point("p4", "arn:db", RecoveryPointStatus.COMPLETED, Duration.ofDays(1), 7));
                tx.continuousBackups().insert(new ContinuousBackup("p4", "daily", "arn:db", ContinuousStatus.ACTIVE,
                        NOW.minus(Duration.ofDays(1)), NOW.minusSeconds(90), "{}"));
                tx.recoveryPoints().insert(point("p5", "arn:old-db", RecoveryPointStatus.STOPPED, Duration.ofDays(3), 1));
                tx.continuousBackups().insert(new ContinuousBackup("p5", "daily", "arn:old-db",
                        ContinuousStatus.STOPPED, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)), "{}"));
                tx.restoreJobs().insert(restoreTest("t1", "p1", Duration.ofDays(2), RestoreValidationStatus.SUCCESSFUL,
                        Duration.ofHours(1), Duration.ofMinutes(10)));
                tx.restoreJobs().insert(restoreTest("t2", "p2", Duration.ofHours(1), RestoreValidationStatus.FAILED,
                        Duration.ofHours(5), Duration.ofSeconds(120)));
                tx.restoreJobs().insert(restoreTest("t3", "p4", Duration.ZERO, null, null, null));
                return null;
            });
            PrometheusText out = new PrometheusText();
            Scrape.write(List.of(new CellGauges(new CellContext(catalog, new ManualServiceClock(NOW),
                    new Account("111122223333", "eu-west-1")), () -> Map.of(AttemptResult.DELIVERED, 4L,
                    AttemptResult.RETRYING, 2L))), out);

            assertThat(out.text()).contains(
                    "# TYPE hokan_vault_recovery_points gauge\n"
                            + "hokan_vault_recovery_points{" + CELL + ",vault=\"daily\"} 5\n"
                            + "hokan_vault_recovery_points{" + CELL + ",vault=\"empty\"} 0\n",
                    "hokan_vault_backup_size_bytes{" + CELL + ",vault=\"daily\"} 458\n"
                            + "hokan_vault_backup_size_bytes{" + CELL + ",vault=\"empty\"} 0\n",
                    "hokan_continuous_backup_lag_seconds{" + CELL + ",vault=\"daily\",resource_arn=\"arn:db\"} 90\n"
                            + "# HELP",
                    "hokan_resource_newest_recovery_point_age_seconds{" + CELL + ",resource_arn=\"arn:db\"} 90\n"
                            + "hokan_resource_newest_recovery_point_age_seconds{" + CELL
                            + ",resource_arn=\"arn:web\"} 18000\n");
            assertThat(out.text()).doesNotContain("arn:old-db\"}");
            assertThat(out.text()).contains(
                    "# TYPE hokan_notification_outbox_deliveries gauge\n",
                    "hokan_notification_outbox_deliveries{" + CELL + ",status=\"pending\"} 0\n",
                    "# TYPE hokan_notification_delivery_attempts_total counter\n",
                    "hokan_notification_delivery_attempts_total{" + CELL + ",result=\"retrying\"} 2\n");
            assertThat(out.text()).as("the latest test of arn:web; arn:db's restore failed, measuring nothing")
                    .contains("# TYPE hokan_restore_test_rpo_seconds gauge\n"
                                    + "hokan_restore_test_rpo_seconds{" + CELL + ",resource_arn=\"arn:web\"} 18000\n"
                                    + "# HELP",
                            "hokan_restore_test_rto_seconds{" + CELL + ",resource_arn=\"arn:web\"} 120\n# HELP",
                            "hokan_restore_tests{" + CELL + ",validation_status=\"FAILED\"} 1\n"
                                    + "hokan_restore_tests{" + CELL + ",validation_status=\"SUCCESSFUL\"} 1\n");
        }
    }

    private static RestoreJob restoreTest(String id, String pointId, Duration age, RestoreValidationStatus validation,
                                          Duration rpo, Duration rto) {
        RestoreTest test = new RestoreTest("arn:plan", 1, validation, null, null, null, null, rpo, rto);
        RestoreJobStatus state = rpo == null ? RestoreJobStatus.FAILED : RestoreJobStatus.COMPLETED;
        return new RestoreJob(id, pointId, "daily", pointId.equals("p4") ? "arn:db" : "arn:web",
                new ResourceType("Directory"), state, null, NOW.minus(age).minusSeconds(60), NOW.minus(age), 100, 1,
                "arn:role", null, Map.of(), NOW.minus(age).minusSeconds(3600), test);
    }

    private static RecoveryPoint point(String id, String resourceArn, RecoveryPointStatus status, Duration age,
                                       long size) {
        return RecoveryPoint.builder()
                .recoveryPointId(id)
                .vaultName("daily")
                .resourceArn(resourceArn)
                .resourceType(new ResourceType("Directory"))
                .resourceName(id)
                .snapshotId("snapshot-" + id)
                .status(status)
                .creationDate(NOW.minus(age).minusSeconds(60))
                .completionDate(NOW.minus(age))
                .backupSizeInBytes(size)
                .fileCount(1)
                .sourceLocation("/srv/" + id)
                .lifecycle(new Lifecycle(null, null, null))
                .iamRoleArn("arn:aws:iam::111122223333:role/backup")
                .backupJobId("job-" + id)
                .storageClass(StorageClass.WARM)
                .retention(RetentionClock.RUNNING)
                .build();
    }
}
