package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.AlreadyExistsException;
import software.amazon.awssdk.services.backup.model.ControlInputParameter;
import software.amazon.awssdk.services.backup.model.ControlScope;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.CreateFrameworkResponse;
import software.amazon.awssdk.services.backup.model.DescribeFrameworkResponse;
import software.amazon.awssdk.services.backup.model.FrameworkControl;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit frameworks through the real server on the manual clock: the operations answer every member of the model and
 * refuse what AWS refuses, to the SDK, boto3 and the aws CLI alike; a framework with every control flips from
 * NON_COMPLIANT to COMPLIANT as each cause is fixed (a plan, its frequency and retention, a point's retention, a
 * restore, a vault policy, a Vault Lock, copies into another region and another account, and every part of the 3-2-1-1
 * rule but the second kind of storage, which S3ObjectLockTest gives it), evaluated on demand and daily as the clock
 * moves; the 3-2-1-1 rule counts a copy in another region's locked vault as immutable and a logically air-gapped vault
 * as immutable storage of its own (SecondSiteTest counts another site's); a point's encryption follows the state of its
 * vault's KMS key; the tier templates make frameworks that check a tier's RPO and RTO.
 */
class FrameworksTest extends ConformanceTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCOUNT = "000000000000";
    private static final Lifecycle KEPT_40_DAYS = Lifecycle.builder().deleteAfterDays(40L).build();

    static FrameworkControl control(String name, Map<String, String> parameters, ControlScope scope) {
        return FrameworkControl.builder().controlName(name).controlScope(scope)
                .controlInputParameters(parameters.entrySet().stream().map(p -> ControlInputParameter.builder()
                        .parameterName(p.getKey()).parameterValue(p.getValue()).build()).toList()).build();
    }

    static ControlScope ids(String... ids) {
        return ControlScope.builder().complianceResourceIds(ids).build();
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The framework's evaluation, made now, as control → resource ARN → status. */
    private static Map<String, Map<String, String>> evaluate(String framework) {
        return evaluateAt(hokan, framework);
    }

    /** The evaluation of the framework of {@code server}, made now, as control → resource ARN → status. */
    static Map<String, Map<String, String>> evaluateAt(TestServer server, String framework) {
        return statuses(ok(server.signed("POST", "/hokan/v1/frameworks/" + framework + "/evaluate", "")));
    }

    static Map<String, Map<String, String>> statuses(JsonNode evaluation) {
        Map<String, Map<String, String>> statuses = new HashMap<>();
        evaluation.get("Evaluations").forEach(e -> statuses.computeIfAbsent(e.get("ControlName").asString(),
                c -> new HashMap<>()).put(e.get("ResourceArn").asString(), e.get("ComplianceStatus").asString()
                + ": " + e.get("Reason").asString()));
        return statuses;
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidParameterValueException.class).hasMessageContaining(message);
    }

    @Test
    void frameworksAnswerEveryMemberOfTheModelAndRefuseWhatAwsRefuses() {
        List<FrameworkControl> controls = List.of(
                control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", Map.of("requiredFrequencyUnit", "hours",
                        "requiredFrequencyValue", "12", "requiredRetentionDays", "7"),
                        ControlScope.builder().complianceResourceTypes("BackupPlan").tags(Map.of("tier", "gold"))
                                .build()),
                control("BACKUP_RECOVERY_POINT_ENCRYPTED", Map.of(), ids("arn:aws:hokan:us-east-1:" + ACCOUNT
                        + ":directory/somewhere")));
        CreateFrameworkResponse created = backup.createFramework(r -> r.frameworkName("model_check")
                .frameworkDescription("what the model has").frameworkControls(controls).idempotencyToken("token-1")
                .frameworkTags(Map.of("team", "audit")));
        assertThat(created.frameworkArn()).matches("arn:aws:backup:us-east-1:" + ACCOUNT
                + ":framework:model_check-[0-9a-f-]{36}");
        assertThat(backup.createFramework(r -> r.frameworkName("model_check").frameworkDescription("what the model has")
                .frameworkControls(controls).idempotencyToken("token-1").frameworkTags(Map.of("team", "audit")))
                .frameworkArn()).as("the same token again").isEqualTo(created.frameworkArn());
        assertThatThrownBy(() -> backup.createFramework(r -> r.frameworkName("model_check")
                .frameworkControls(controls).idempotencyToken("token-2"))).isInstanceOf(AlreadyExistsException.class);

        JsonNode described = assertConforms("DescribeFramework", "/audit/frameworks/model_check", Map.of(
                "ControlScope.ComplianceResourceIds", "the first control's scope names types and a tag",
                "ControlScope.ComplianceResourceTypes", "the second control's scope names a resource",
                "ControlScope.Tags", "the second control's scope names a resource"));
        assertThat(described.get("DeploymentStatus").asString()).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(described.get("FrameworkStatus").asString()).isEqualTo("ACTIVE");
        assertThat(described.get("IdempotencyToken").asString()).isEqualTo("token-1");
        DescribeFrameworkResponse sdk = backup.describeFramework(r -> r.frameworkName("model_check"));
        assertThat(sdk.frameworkControls()).isEqualTo(controls);
        ok(hokan.signed("POST", "/hokan/v1/frameworks/model_check/evaluate", ""));
        assertThat(backup.describeFramework(r -> r.frameworkName("model_check")).deploymentStatus())
                .isEqualTo("COMPLETED");

        JsonNode listed = assertConforms("ListFrameworks", "/audit/frameworks?MaxResults=1000", Map.of(
                "Framework.FrameworkDescription", "the other tests' frameworks have none"));
        listed.get("Frameworks").forEach(f -> {
            if (f.get("FrameworkName").asString().equals("model_check")) {
                assertThat(f.get("NumberOfControls").asLong()).isEqualTo(2);
            }
        });
        assertThat(backup.listTags(r -> r.resourceArn(created.frameworkArn())).tags())
                .isEqualTo(Map.of("team", "audit"));

        backup.updateFramework(r -> r.frameworkName("model_check").frameworkDescription("changed"));
        DescribeFrameworkResponse updated = backup.describeFramework(r -> r.frameworkName("model_check"));
        assertThat(updated.frameworkDescription()).isEqualTo("changed");
        assertThat(updated.frameworkControls()).isEqualTo(controls);
        assertThat(updated.deploymentStatus()).isEqualTo("UPDATE_IN_PROGRESS");

        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("unknown_control")
                .frameworkControls(control("NO_SUCH_CONTROL", Map.of(), null))), "ControlName NO_SUCH_CONTROL is not");
        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("unknown_parameter").frameworkControls(
                control("BACKUP_RECOVERY_POINT_ENCRYPTED", Map.of("x", "1"), null))), "which takes none");
        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("weekly").frameworkControls(
                control("BACKUP_LAST_RECOVERY_POINT_CREATED", Map.of("recoveryPointAgeUnit", "weeks"), null))),
                "must be hours or days, not weeks");
        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("too_many_hours").frameworkControls(
                control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", Map.of("requiredFrequencyUnit", "hours",
                        "requiredFrequencyValue", "25"), null))), "must be from 1 to 24 when");
        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("1st").frameworkControls(controls)),
                "FrameworkName 1st is not valid");
        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("twice").frameworkControls(
                controls.getFirst(), controls.getFirst())), "twice");
        assertInvalid(() -> backup.createFramework(r -> r.frameworkName("two_tags").frameworkControls(control(
                "BACKUP_RECOVERY_POINT_ENCRYPTED", Map.of(), ControlScope.builder().tags(Map.of("a", "1", "b", "2"))
                        .build()))), "one tag");
        HttpResponse<String> missing = hokan.signed("POST", "/audit/frameworks", "{\"FrameworkName\":\"none\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("MissingParameterValueException").contains("FrameworkControls");
        assertThatThrownBy(() -> backup.describeFramework(r -> r.frameworkName("absent")))
                .isInstanceOf(ResourceNotFoundException.class);

        backup.deleteFramework(r -> r.frameworkName("model_check"));
        assertThatThrownBy(() -> backup.describeFramework(r -> r.frameworkName("model_check")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void boto3AndTheAwsCliManageAFrameworkAndReadItsComplianceBack() throws Exception {
        AwsCliTest.findCli();
        backup.createBackupVault(r -> r.backupVaultName("scripted"));
        String resource = hokan.registerDirectory("scripted", Trees.sample(dir.resolve("scripted"), 2),
                "{\"audited\":\"by-script\"}");
        JsonNode made = RestoreTestingTest.boto3("""
                arn = b.create_framework(FrameworkName='scripted', FrameworkDescription='made by boto3',
                    IdempotencyToken='scripted-1', FrameworkTags={'made-by': 'boto3'}, FrameworkControls=[
                    {'ControlName': 'BACKUP_LAST_RECOVERY_POINT_CREATED',
                     'ControlInputParameters': [{'ParameterName': 'recoveryPointAgeUnit', 'ParameterValue': 'hours'},
                        {'ParameterName': 'recoveryPointAgeValue', 'ParameterValue': '6'}],
                     'ControlScope': {'ComplianceResourceIds': ['%s']}},
                    {'ControlName': 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
                     'ControlScope': {'ComplianceResourceTypes': ['Directory'], 'Tags': {'audited': 'by-script'}}}
                    ])['FrameworkArn']
                described = b.describe_framework(FrameworkName='scripted')
                listed = [f for f in b.list_frameworks()['Frameworks'] if f['FrameworkName'] == 'scripted']
                out({'arn': arn, 'described': described, 'listed': listed,
                     'tags': b.list_tags(ResourceArn=arn)['Tags']})
                """.formatted(resource));
        String arn = made.get("arn").asString();
        JsonNode described = made.get("described");
        assertThat(described.get("FrameworkArn").asString()).isEqualTo(arn);
        assertThat(described.get("FrameworkDescription").asString()).isEqualTo("made by boto3");
        assertThat(described.get("DeploymentStatus").asString()).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(described.get("FrameworkStatus").asString()).isEqualTo("ACTIVE");
        assertThat(described.get("FrameworkControls").get(0).get("ControlScope").get("ComplianceResourceIds")
                .get(0).asString()).isEqualTo(resource);
        assertThat(described.get("FrameworkControls").get(1).get("ControlScope").get("Tags").get("audited")
                .asString()).isEqualTo("by-script");
        assertThat(made.get("listed")).singleElement().satisfies(f -> assertThat(f.get("NumberOfControls").asInt())
                .isEqualTo(2));
        assertThat(made.get("tags").get("made-by").asString()).isEqualTo("boto3");

        Map<String, Map<String, String>> unprotected = evaluate("scripted");
        assertThat(unprotected.get("BACKUP_LAST_RECOVERY_POINT_CREATED").get(resource))
                .startsWith("NON_COMPLIANT");
        assertThat(unprotected.get("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN").get(resource))
                .startsWith("NON_COMPLIANT");
        AwsCliTest.Result deployed = AwsCliTest.aws("describe-framework", "--framework-name", "scripted");
        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.json().get("DeploymentStatus").asString()).isEqualTo("COMPLETED");

        // The aws CLI narrows the first control to the last hour and drops the second.
        AwsCliTest.Result updated = AwsCliTest.aws("update-framework", "--framework-name", "scripted",
                "--framework-description", "changed by the aws CLI", "--framework-controls",
                "[{\"ControlName\":\"BACKUP_LAST_RECOVERY_POINT_CREATED\",\"ControlInputParameters\":["
                        + "{\"ParameterName\":\"recoveryPointAgeUnit\",\"ParameterValue\":\"hours\"},"
                        + "{\"ParameterName\":\"recoveryPointAgeValue\",\"ParameterValue\":\"1\"}],"
                        + "\"ControlScope\":{\"ComplianceResourceIds\":[\"" + resource + "\"]}}]");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.json().get("FrameworkArn").asString()).isEqualTo(arn);
        JsonNode changed = AwsCliTest.aws("describe-framework", "--framework-name", "scripted").json();
        assertThat(changed.get("FrameworkDescription").asString()).isEqualTo("changed by the aws CLI");
        assertThat(changed.get("DeploymentStatus").asString()).isEqualTo("UPDATE_IN_PROGRESS");
        assertThat(changed.get("FrameworkControls")).singleElement().satisfies(c -> assertThat(c
                .get("ControlInputParameters").toString()).contains("\"ParameterValue\":\"1\""));

        String point = BackupRestoreTest.backupNow("scripted", resource, null);
        assertThat(evaluate("scripted")).as("the updated framework's one control, now compliant")
                .containsOnlyKeys("BACKUP_LAST_RECOVERY_POINT_CREATED")
                .extractingByKey("BACKUP_LAST_RECOVERY_POINT_CREATED")
                .satisfies(results -> assertThat(results.get(resource)).startsWith("COMPLIANT"));
        JsonNode latest = RestoreTestingTest.boto3("out(b.describe_framework(FrameworkName='scripted'))");
        assertThat(latest.get("DeploymentStatus").asString()).isEqualTo("COMPLETED");

        AwsCliTest.Result deleted = AwsCliTest.aws("delete-framework", "--framework-name", "scripted");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        AwsCliTest.Result gone = AwsCliTest.aws("describe-framework", "--framework-name", "scripted");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("ResourceNotFoundException");
        assertThat(AwsCliTest.aws("list-frameworks").json().get("Frameworks").toString()).doesNotContain(arn);
        // the point would be evaluated by the other tests' controls that take every point
        backup.deleteRecoveryPoint(r -> r.backupVaultName("scripted").recoveryPointArn(point));
    }

    @Test
    void everyControlTurnsCompliantAsItsCauseIsFixed() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("audit-main"));
        Path source = Trees.sample(dir.resolve("audited"), 7);
        String resource = hokan.registerDirectory("audited", source, "{}");
        ControlScope scope = ids(resource);
        backup.createFramework(r -> r.frameworkName("everything").frameworkControls(
                control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", Map.of(), scope),
                control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", Map.of(), null),
                control("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", Map.of(), null),
                control("BACKUP_RECOVERY_POINT_ENCRYPTED", Map.of(), null),
                control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", Map.of(), ids("audit-main")),
                control("BACKUP_LAST_RECOVERY_POINT_CREATED", Map.of(), scope),
                control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", Map.of("minRetentionDays", "1"), scope),
                control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", Map.of("crossRegionList", "us-west-2"), scope),
                control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", Map.of(), scope),
                control("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", Map.of("maxRestoreTime", "60"), scope),
                control("HOKAN_3_2_1_1", Map.of(), scope)));
        String vault = "arn:aws:backup:us-east-1:" + ACCOUNT + ":backup-vault:audit-main";

        Map<String, Map<String, String>> first = evaluate("everything");
        for (String control : List.of("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", "BACKUP_LAST_RECOVERY_POINT_CREATED",
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
                "HOKAN_3_2_1_1")) {
            assertThat(first.get(control)).as(control).containsOnlyKeys(resource);
            assertThat(first.get(control).get(resource)).as(control).startsWith("NON_COMPLIANT");
        }
        assertThat(first.get("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED").get(vault))
                .startsWith("NON_COMPLIANT: the vault has no access policy");
        assertThat(first.get("HOKAN_3_2_1_1").get(resource)).isEqualTo("NON_COMPLIANT: 1 of 3 copies within the RPO"
                + " of 1440 minutes (the resource itself); 1 of 2 kinds of storage (file); no copy in another region"
                + " within the RPO of 1440 minutes; no immutable copy within the RPO of 1440 minutes");
        assertThat(first).doesNotContainKeys("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                "BACKUP_RECOVERY_POINT_ENCRYPTED");

        // A plan whose weekly rule keeps points a week protects the resource, but too rarely and too briefly.
        String rule = "{\"RuleName\":\"r\",\"TargetBackupVaultName\":\"audit-main\",\"ScheduleExpression\":\"%s\","
                + "\"Lifecycle\":{\"DeleteAfterDays\":%d}}";
        String planId = ok(hokan.signed("PUT", "/backup/plans/", "{\"BackupPlan\":{\"BackupPlanName\":\"audited\","
                + "\"Rules\":[" + rule.formatted("cron(0 5 ? * SUN *)", 7) + "]}}")).get("BackupPlanId").asString();
        backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("audited")
                .iamRoleArn(TestServer.ROLE).resources(resource)));
        String plan = "arn:aws:backup:us-east-1:" + ACCOUNT + ":backup-plan:" + planId;
        Map<String, Map<String, String>> planned = evaluate("everything");
        assertThat(planned.get("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN").get(resource)).startsWith("COMPLIANT");
        assertThat(planned.get("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK").get(plan)).isEqualTo(
                "NON_COMPLIANT: no rule backs up at least every 1 days and keeps its points at least 35 days");
        ok(hokan.signed("POST", "/backup/plans/" + planId, "{\"BackupPlan\":{\"BackupPlanName\":\"audited\","
                + "\"Rules\":[" + rule.formatted("cron(0 5 ? * * *)", 40) + "]}}"));
        assertThat(evaluate("everything").get("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK").get(plan))
                .isEqualTo("COMPLIANT: rule r backs up at least every 1 days and keeps its points 40 days");

        // A point kept a week, then kept longer.
        String point = BackupRestoreTest.backupNow("audit-main", resource, Lifecycle.builder().deleteAfterDays(7L)
                .build());
        Map<String, Map<String, String>> backedUp = evaluate("everything");
        assertThat(backedUp.get("BACKUP_LAST_RECOVERY_POINT_CREATED").get(resource)).startsWith("COMPLIANT");
        assertThat(backedUp.get("BACKUP_RECOVERY_POINT_ENCRYPTED").get(point)).startsWith("COMPLIANT");
        assertThat(backedUp.get("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK").get(point))
                .isEqualTo("NON_COMPLIANT: kept 7 days, fewer than the 35 required");
        backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("audit-main").recoveryPointArn(point)
                .lifecycle(KEPT_40_DAYS));
        assertThat(evaluate("everything").get("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK").get(point))
                .isEqualTo("COMPLIANT: kept 40 days");

        // A restore shows the restore time.
        String restore = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", dir.resolve("restored").toString()))).restoreJobId();
        assertThat(BackupRestoreTest.awaitRestore(restore).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(evaluate("everything").get("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET").get(resource))
                .startsWith("COMPLIANT: its latest restore " + restore);

        // A vault policy that denies deletions to everyone.
        backup.putBackupVaultAccessPolicy(r -> r.backupVaultName("audit-main").policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},\
                "Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}"""));
        assertThat(evaluate("everything").get("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED").get(vault))
                .startsWith("COMPLIANT");

        // A Vault Lock that becomes immutable in three days.
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("audit-main").minRetentionDays(1L)
                .maxRetentionDays(3650L).changeableForDays(3L));
        Map<String, Map<String, String>> locked = evaluate("everything");
        assertThat(locked.get("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK").get(resource)).startsWith("COMPLIANT");

        // Copies into another region and another account.
        BackupClient west = TestServer.client(hokan.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY,
                "us-west-2");
        west.createBackupVault(r -> r.backupVaultName("audit-west"));
        String westVault = "arn:aws:backup:us-west-2:" + ACCOUNT + ":backup-vault:audit-west";
        assertThat(CopyJobTest.copy(point, "audit-main", westVault, KEPT_40_DAYS).state())
                .isEqualTo(CopyJobState.COMPLETED);
        assertThat(evaluate("everything").get("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION").get(resource))
                .startsWith("COMPLIANT: copied into " + westVault);
        String otherVault = otherAccountVault();
        assertThat(CopyJobTest.copy(point, "audit-main", otherVault, KEPT_40_DAYS).state())
                .isEqualTo(CopyJobState.COMPLETED);
        Map<String, Map<String, String>> copied = evaluate("everything");
        assertThat(copied.get("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT").get(resource))
                .startsWith("COMPLIANT: copied into " + otherVault);
        assertThat(copied.get("HOKAN_3_2_1_1").get(resource)).isEqualTo("NON_COMPLIANT: 1 of 2 kinds of storage"
                + " (file); no immutable copy within the RPO of 1440 minutes");

        // Once the lock is immutable the copies are too old; the daily evaluation sees it as the clock moves.
        Instant before = hokan.server.engine().clock().now();
        hokan.advanceClock(Duration.ofDays(3).plusHours(1));
        JsonNode daily = ok(hokan.signed("GET", "/hokan/v1/frameworks/everything/evaluation", null));
        assertThat(Instant.ofEpochSecond((long) daily.get("Evaluations").get(0).get("EvaluatedAt").asDouble()))
                .isAfter(before.plus(Duration.ofDays(3)));
        assertThat(statuses(daily).get("HOKAN_3_2_1_1").get(resource)).startsWith("NON_COMPLIANT");
        String fresh = BackupRestoreTest.backupNow("audit-main", resource, KEPT_40_DAYS);
        assertThat(CopyJobTest.copy(fresh, "audit-main", westVault, KEPT_40_DAYS).state())
                .isEqualTo(CopyJobState.COMPLETED);

        Map<String, Map<String, String>> last = evaluate("everything");
        assertThat(last.get("HOKAN_3_2_1_1").get(resource)).as("the vaults are on the file system, as the resource is"
                + " (S3ObjectLockTest puts them on S3)").isEqualTo("NON_COMPLIANT: 1 of 2 kinds of storage (file)");
        assertThat(last).hasSize(11);
        last.forEach((control, results) -> assertThat(results.values()).as(control)
                .allMatch(s -> s.startsWith("COMPLIANT") || control.equals("HOKAN_3_2_1_1")));
    }

    /** A server of its own: its air-gapped points, which cannot be deleted, stay out of the other tests' controls. */
    @Test
    void copiesInOtherRegionsAndAirGappedVaultsCountForTheThreeTwoOneOneRule() throws Exception {
        try (TestServer own = TestServer.start(dir.resolve("three-two-one-one"))) {
            BackupClient client = own.backup;
            client.createBackupVault(r -> r.backupVaultName("rule-main"));
            String spread = own.registerDirectory("spread", Trees.sample(dir.resolve("spread"), 3), "{}");
            String gapped = own.registerDirectory("gapped", Trees.sample(dir.resolve("gapped"), 4), "{}");
            client.createFramework(r -> r.frameworkName("three_two_one_one").frameworkControls(
                    control("HOKAN_3_2_1_1", Map.of("rpoMinutes", "10080"), ids(spread, gapped))));
            String within = " within the RPO of 10080 minutes";
            String spreadPoint = BackupRestoreTest.backupNowOn(client, "rule-main", spread, KEPT_40_DAYS);
            String gappedPoint = BackupRestoreTest.backupNowOn(client, "rule-main", gapped, KEPT_40_DAYS);

            // A copy into another region of this deployment: off-site, on the same storage, not immutable yet.
            BackupClient west = TestServer.client(own.server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY,
                    "us-west-2");
            west.createBackupVault(r -> r.backupVaultName("rule-west"));
            String westVault = "arn:aws:backup:us-west-2:" + ACCOUNT + ":backup-vault:rule-west";
            assertThat(copyOn(client, spreadPoint, westVault).state()).isEqualTo(CopyJobState.COMPLETED);
            assertThat(evaluateAt(own, "three_two_one_one").get("HOKAN_3_2_1_1").get(spread)).isEqualTo(
                    "NON_COMPLIANT: 1 of 2 kinds of storage (file); no immutable copy" + within);

            // Its vault's compliance lock, once past its lock date, makes the copy immutable.
            west.putBackupVaultLockConfiguration(r -> r.backupVaultName("rule-west").minRetentionDays(1L)
                    .maxRetentionDays(3650L).changeableForDays(3L));
            assertThat(evaluateAt(own, "three_two_one_one").get("HOKAN_3_2_1_1").get(spread))
                    .endsWith("no immutable copy" + within);
            own.advanceClock(Duration.ofDays(3).plusHours(1));
            assertThat(evaluateAt(own, "three_two_one_one").get("HOKAN_3_2_1_1").get(spread))
                    .isEqualTo("NON_COMPLIANT: 1 of 2 kinds of storage (file)");

            // A logically air-gapped vault is storage of its own, and immutable.
            client.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("rule-gapped").minRetentionDays(7L)
                    .maxRetentionDays(100L));
            String gappedVault = "arn:aws:backup:us-east-1:" + ACCOUNT + ":backup-vault:rule-gapped";
            assertThat(copyOn(client, spreadPoint, gappedVault).state()).isEqualTo(CopyJobState.COMPLETED);
            assertThat(copyOn(client, gappedPoint, gappedVault).state()).isEqualTo(CopyJobState.COMPLETED);
            Map<String, String> rule = evaluateAt(own, "three_two_one_one").get("HOKAN_3_2_1_1");
            assertThat(rule.get(spread)).isEqualTo("COMPLIANT: 4 copies" + within + " (the resource itself, vault"
                    + " rule-gapped, vault rule-main, " + westVault + ") on air-gapped file, file; in another region: "
                    + westVault + "; immutable: vault rule-gapped (logically air-gapped)");
            assertThat(rule.get(gapped)).as("the air-gapped copy alone gives a second storage and immutability")
                    .isEqualTo("NON_COMPLIANT: no copy in another region" + within);
        }
    }

    private static CopyJob copyOn(BackupClient client, String point, String destinationVaultArn) {
        return CopyJobTest.awaitCopyOn(client, client.startCopyJob(r -> r.recoveryPointArn(point)
                .sourceBackupVaultName("rule-main").destinationBackupVaultArn(destinationVaultArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(KEPT_40_DAYS)).copyJobId());
    }

    @Test
    void aPointIsEncryptedWhileTheKeyOfItsVaultIsInForce() throws Exception {
        assumeTrue(AwsCliTest.awsExecutable() != null, "the aws CLI is not installed");
        String key = VaultKeysTest.kmsAt(hokan, dir, "create-key", "--description", "audited").get("KeyMetadata")
                .get("Arn").asString();
        backup.createBackupVault(r -> r.backupVaultName("audit-keyed").encryptionKeyArn(key));
        String resource = hokan.registerDirectory("keyed", Trees.sample(dir.resolve("keyed"), 3), "{}");
        String point = BackupRestoreTest.backupNow("audit-keyed", resource, null);
        backup.createFramework(r -> r.frameworkName("encrypted").frameworkControls(
                control("BACKUP_RECOVERY_POINT_ENCRYPTED", Map.of(), ids(point))));
        String control = "BACKUP_RECOVERY_POINT_ENCRYPTED";
        assertThat(evaluate("encrypted").get(control)).containsExactly(Map.entry(point,
                "COMPLIANT: encrypted in vault audit-keyed under KMS key " + key));

        VaultKeysTest.kmsAt(hokan, dir, "disable-key", "--key-id", key);
        assertThat(evaluate("encrypted").get(control).get(point)).isEqualTo("NON_COMPLIANT: vault audit-keyed is"
                + " encrypted under KMS key " + key + ", which is Disabled: its points cannot be decrypted until the"
                + " key is enabled");
        VaultKeysTest.kmsAt(hokan, dir, "enable-key", "--key-id", key);
        assertThat(evaluate("encrypted").get(control).get(point)).startsWith("COMPLIANT");
        backup.deleteFramework(r -> r.frameworkName("encrypted"));
    }

    /** A vault of another account of the organisation that takes this account's copies. */
    private static String otherAccountVault() {
        ok(hokan.signed("POST", "/hokan/v1/admin/organization", "{\"Id\":\"o-a1b2c3d4e5\","
                + "\"RootId\":\"r-f6g7h8i9j0example\"}"));
        JsonNode created = ok(hokan.signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"vaults\"}"));
        String id = created.get("AccountId").asString();
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + id,
                "{\"ParentId\":\"r-f6g7h8i9j0example\"}"));
        backup.updateGlobalSettings(r -> r.globalSettings(Map.of("isCrossAccountBackupEnabled", "true")));
        BackupClient other = TestServer.client(hokan.server.endpoint(), created.get("AccessKeyId").asString(),
                created.get("SecretAccessKey").asString(), "us-east-1");
        other.createBackupVault(r -> r.backupVaultName("dr"));
        other.putBackupVaultAccessPolicy(r -> r.backupVaultName("dr").policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"backup:CopyIntoBackupVault",\
                "Resource":"*","Principal":{"AWS":"arn:aws:iam::%s:root"}}]}""".formatted(ACCOUNT)));
        return "arn:aws:backup:us-east-1:" + id + ":backup-vault:dr";
    }

    @Test
    void callsAreAuthorisedAsTheirActions() {
        backup.createFramework(r -> r.frameworkName("guarded").frameworkControls(
                control("BACKUP_RECOVERY_POINT_ENCRYPTED", Map.of(), null)));
        Credentials auditor = hokan.homeUser("auditor", "backup:DescribeFramework", "hokan:GetFrameworkEvaluation");
        ok(hokan.signedAs(auditor.accessKeyId(), auditor.secretAccessKey(), "us-east-1", "GET",
                "/audit/frameworks/guarded", null));
        ok(hokan.signedAs(auditor.accessKeyId(), auditor.secretAccessKey(), "us-east-1", "GET",
                "/hokan/v1/frameworks/guarded/evaluation", null));
        HttpResponse<String> evaluate = hokan.signedAs(auditor.accessKeyId(), auditor.secretAccessKey(), "us-east-1",
                "POST", "/hokan/v1/frameworks/guarded/evaluate", "");
        assertThat(evaluate.statusCode()).isEqualTo(403);
        assertThat(evaluate.body()).contains("hokan:EvaluateFramework");
        HttpResponse<String> delete = hokan.signedAs(auditor.accessKeyId(), auditor.secretAccessKey(), "us-east-1",
                "DELETE", "/audit/frameworks/guarded", null);
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(delete.body()).contains("backup:DeleteFramework")
                .contains(backup.describeFramework(r -> r.frameworkName("guarded")).frameworkArn());
        backup.deleteFramework(r -> r.frameworkName("guarded"));
    }

    @Test
    void aTierTemplateChecksTheTiersTargets() {
        JsonNode templates = ok(hokan.signed("GET", "/hokan/v1/framework-templates", null));
        assertThat(templates.get("FrameworkTemplates")).hasSize(4);
        JsonNode template = ok(hokan.signed("GET", "/hokan/v1/framework-templates/business_critical", null));
        assertThat(template.get("RpoMinutes").asLong()).isEqualTo(60);
        assertThat(template.get("RtoMinutes").asLong()).isEqualTo(240);
        HttpResponse<String> created = hokan.signed("POST", "/audit/frameworks", "{\"FrameworkName\":\"business\","
                + "\"FrameworkControls\":" + template.get("FrameworkControls") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        DescribeFrameworkResponse framework = backup.describeFramework(r -> r.frameworkName("business"));
        Map<String, Map<String, String>> parameters = new HashMap<>();
        framework.frameworkControls().forEach(c -> {
            assertThat(c.controlScope().tags()).isEqualTo(Map.of("hokan:tier", "business_critical"));
            Map<String, String> values = new HashMap<>();
            c.controlInputParameters().forEach(p -> values.put(p.parameterName(), p.parameterValue()));
            parameters.put(c.controlName(), values);
        });
        assertThat(parameters).containsEntry("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", Map.of("maxRestoreTime", "240"))
                .containsEntry("HOKAN_3_2_1_1", Map.of("rpoMinutes", "60"))
                .containsEntry("BACKUP_LAST_RECOVERY_POINT_CREATED", Map.of("recoveryPointAgeUnit", "hours",
                        "recoveryPointAgeValue", "1"))
                .containsEntry("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", Map.of("requiredFrequencyUnit",
                        "hours", "requiredFrequencyValue", "1", "requiredRetentionDays", "1095"));
        HttpResponse<String> unknown = hokan.signed("GET", "/hokan/v1/framework-templates/platinum", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("ResourceNotFoundException").contains("platinum");
        backup.deleteFramework(r -> r.frameworkName("business"));
    }
}
