package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Backup plans: every member of GetBackupPlan's answer, its scheduled runs, and rule members Hokan refuses. */
class PlanConformanceTest extends ConformanceTestBase {
    private static final Map<String, String> NOT_HERE = Map.ofEntries(
            Map.entry("GetBackupPlanOutput.DeletionDate", "the plan is not deleted"),
            Map.entry("GetBackupPlanOutput.LastExecutionDate", "the plan has not run yet"),
            Map.entry("GetBackupPlanOutput.AdvancedBackupSettings", "the plan has no advanced settings"),
            Map.entry("BackupPlan.AdvancedBackupSettings", "the plan has no advanced settings"),
            Map.entry("BackupPlan.ScanSettings", "Hokan has no malware scanning: refused"),
            Map.entry("BackupRule.TargetLogicallyAirGappedBackupVaultArn", "air-gapped vaults take copies only: refused"),
            Map.entry("BackupRule.IndexActions", "Hokan has no backup indexes: refused"),
            Map.entry("BackupRule.ScanActions", "Hokan has no malware scanning: refused"));

    private static final String PLAN = """
            {"BackupPlanName": "conformance", "Rules": [{"RuleName": "nightly", "TargetBackupVaultName": "plans",
             "ScheduleExpression": "cron(0 21 * * ? *)", "ScheduleExpressionTimezone": "Etc/UTC",
             "StartWindowMinutes": 60, "CompletionWindowMinutes": 600, "EnableContinuousBackup": false,
             "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120},
             "RecoveryPointTags": {"tier": "gold"},
             "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:000000000000:backup-vault:dr",
                              "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}}]},
             {"RuleName": "weekly", "TargetBackupVaultName": "plans", "ScheduleExpression": "cron(0 3 ? * SUN *)",
              "ScheduleExpressionTimezone": "Etc/UTC", "StartWindowMinutes": 60, "CompletionWindowMinutes": 600,
              "EnableContinuousBackup": false, "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120},
              "RecoveryPointTags": {"tier": "silver"},
              "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:000000000000:backup-vault:dr",
                               "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}}]}]}""";

    @Test
    void getBackupPlanAnswersEveryMemberOfTheModelWithItsScheduledRuns() throws Exception {
        AwsCliTest.findCli();
        AwsCliTest.Result created = AwsCliTest.aws("create-backup-plan", "--backup-plan", PLAN,
                "--creator-request-id", "conformance-1");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.json().get("BackupPlanId").asString();
        Instant now = hokan.server.engine().clock().now();

        JsonNode plan = assertConforms("GetBackupPlan", "/backup/plans/" + id + "/?MaxScheduledRunsPreview=10",
                NOT_HERE);
        JsonNode runs = plan.get("ScheduledRunsPreview");
        assertThat(runs).hasSize(10);
        List<Long> times = new ArrayList<>();
        runs.forEach(run -> {
            times.add(run.get("ExecutionTime").longValue());
            assertThat(run.get("RuleExecutionType").stringValue()).isEqualTo("SNAPSHOTS");
        });
        assertThat(times).isSorted().allSatisfy(t -> assertThat(t).isGreaterThan(now.getEpochSecond()));
        String weekly = plan.get("BackupPlan").get("Rules").get(1).get("RuleId").stringValue();
        assertThat(runs.valueStream().filter(r -> r.get("RuleId").stringValue().equals(weekly)).count())
                .as("one Sunday run falls within ten days of nightly runs").isBetween(1L, 2L);

        AwsCliTest.Result three = AwsCliTest.aws("get-backup-plan", "--backup-plan-id", id,
                "--max-scheduled-runs-preview", "3");
        assertThat(three.exit()).as(three.err()).isZero();
        assertThat(three.json().get("ScheduledRunsPreview")).hasSize(3);
        assertThat(AwsCliTest.aws("get-backup-plan", "--backup-plan-id", id).json().has("ScheduledRunsPreview"))
                .isFalse();
    }

    @Test
    void ruleMembersHokanCannotHonourAreRefusedNeverDropped() throws Exception {
        AwsCliTest.findCli();
        AwsCliTest.Result indexed = AwsCliTest.aws("create-backup-plan", "--backup-plan", """
                {"BackupPlanName": "indexed", "Rules": [{"RuleName": "r", "TargetBackupVaultName": "plans",
                 "IndexActions": [{"ResourceTypes": ["EBS"]}]}]}""");
        assertThat(indexed.exit()).isNotZero();
        assertThat(indexed.err()).contains("InvalidParameterValueException")
                .contains("Error in rule r : IndexActions is not supported: this Hokan server has no backup indexes");
        AwsCliTest.Result airGapped = AwsCliTest.aws("create-backup-plan", "--backup-plan", """
                {"BackupPlanName": "air-gapped", "Rules": [{"RuleName": "r", "TargetBackupVaultName": "plans",
                 "TargetLogicallyAirGappedBackupVaultArn": "arn:aws:backup:us-east-1:000000000000:backup-vault:lag"}]}""");
        assertThat(airGapped.err()).contains("TargetLogicallyAirGappedBackupVaultArn is not supported");
        AwsCliTest.Result emptyIndex = AwsCliTest.aws("create-backup-plan", "--backup-plan", """
                {"BackupPlanName": "no-index", "Rules": [{"RuleName": "r", "TargetBackupVaultName": "plans",
                 "IndexActions": []}]}""");
        assertThat(emptyIndex.exit()).as(emptyIndex.err()).isZero();
    }
}
