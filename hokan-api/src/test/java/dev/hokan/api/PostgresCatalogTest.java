package dev.hokan.api;

import static dev.hokan.api.BackupRestoreTest.FINAL;
import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.ConditionType;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;

/** The whole server on a PostgreSQL catalog: what it did is there again after a restart on the same database. */
class PostgresCatalogTest {
    @TempDir
    Path dir;

    @Test
    void aServerOnPostgresqlKeepsItsVaultsPlansJobsHoldsIdentitiesAndEventsAcrossARestart() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        Path data = dir.resolve("data");
        Path source = Trees.sample(dir.resolve("web"), 5);
        String arn;
        String planId;
        String selectionId;
        String pointArn;
        String backupJobId;
        String restoreJobId;
        String holdId;
        Credentials auditor;
        try (TestServer hokan = TestServer.start(data, catalog)) {
            BackupClient backup = hokan.backup;
            backup.createBackupVault(r -> r.backupVaultName("pg-vault"));
            arn = hokan.registerDirectory("pg-web", source, "{\"catalog\":\"pg\"}");
            planId = backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("nightly").rules(rule -> rule
                    .ruleName("nine").targetBackupVaultName("pg-vault").scheduleExpression("cron(0 21 * * ? *)")
                    .startWindowMinutes(60L).lifecycle(l -> l.deleteAfterDays(30L))))).backupPlanId();
            selectionId = backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s
                    .selectionName("tagged").iamRoleArn(TestServer.ROLE).listOfTags(t -> t
                            .conditionType(ConditionType.STRINGEQUALS).conditionKey("catalog").conditionValue("pg"))))
                    .selectionId();

            Instant now = hokan.server.engine().clock().now();
            Instant nine = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(21));
            hokan.setClock((nine.isAfter(now) ? nine : nine.plus(Duration.ofDays(1))).plus(Duration.ofMinutes(30)));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                List<BackupJob> jobs = backup.listBackupJobs(r -> r.byResourceArn(arn)).backupJobs();
                return jobs.size() == 1 && FINAL.contains(jobs.getFirst().state());
            });
            BackupJob job = backup.listBackupJobs(r -> r.byResourceArn(arn)).backupJobs().getFirst();
            assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            backupJobId = job.backupJobId();
            pointArn = job.recoveryPointArn();

            Path target = dir.resolve("restored");
            restoreJobId = backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                    .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
            var restore = BackupRestoreTest.awaitRestoreOn(backup, restoreJobId);
            assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            Trees.assertSameTree(source, target);

            holdId = backup.createLegalHold(r -> r.title("audit").description("kept for the audit")
                    .recoveryPointSelection(s -> s.vaultNames("pg-vault"))).legalHoldId();
            auditor = hokan.homeUser("auditor", "backup:ListBackupVaults");
        }
        assertThat(data.resolve(EmbeddedCatalogs.CELL_FILE)).doesNotExist();
        assertThat(data.resolve(EmbeddedCatalogs.DIRECTORY_FILE)).doesNotExist();

        try (TestServer again = TestServer.start(data, catalog)) {
            BackupClient backup = again.backup;
            assertThat(backup.describeBackupVault(r -> r.backupVaultName("pg-vault")).numberOfRecoveryPoints()).isOne();
            assertThat(backup.getBackupPlan(r -> r.backupPlanId(planId)).backupPlan().rules())
                    .extracting(rule -> rule.ruleName()).containsExactly("nine");
            assertThat(backup.getBackupSelection(r -> r.backupPlanId(planId).selectionId(selectionId))
                    .backupSelection().selectionName()).isEqualTo("tagged");
            assertThat(backup.describeBackupJob(r -> r.backupJobId(backupJobId)).state())
                    .isEqualTo(BackupJobState.COMPLETED);
            assertThat(backup.describeRestoreJob(r -> r.restoreJobId(restoreJobId)).status())
                    .isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(backup.listRecoveryPointsByLegalHold(r -> r.legalHoldId(holdId)).recoveryPoints())
                    .extracting(p -> p.recoveryPointArn()).containsExactly(pointArn);
            try (BackupClient asAuditor = TestServer.client(again.server.endpoint(), auditor.accessKeyId(),
                    auditor.secretAccessKey(), "us-east-1")) {
                assertThat(asAuditor.listBackupVaults().backupVaultList()).extracting(v -> v.backupVaultName())
                        .contains("pg-vault");
            }
            JsonNode events = ok(again.signed("GET", "/hokan/v1/events?maxResults=1000", null)).get("Events");
            List<String> types = events.valueStream().map(e -> e.get("EventType").stringValue()).toList();
            assertThat(types).contains("BackupJobCompleted", "RestoreJobCompleted", "LegalHoldCreated", "UserCreated",
                    "ClockMoved");
            // the schedule's cursor came back too: the firing that already ran makes no second job
            again.advanceClock(Duration.ofMinutes(1));
            assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn)).backupJobs()).hasSize(1);
        }
    }
}
