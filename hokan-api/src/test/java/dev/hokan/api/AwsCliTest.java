package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real {@code aws backup} CLI (botocore) against the server, only --endpoint-url differs. */
class AwsCliTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Result(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    static String awsCli;

    @BeforeAll
    static void findCli() {
        awsCli = awsExecutable();
        assumeTrue(awsCli != null, "the aws CLI is not installed");
    }

    /** The aws CLI on PATH, or where pyenv puts it when PATH lacks the shims. */
    static String awsExecutable() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add(System.getProperty("user.home") + "/.pyenv/shims");
        dirs.add("/usr/local/bin");
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "aws"))
                .filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
    }

    static Result aws(String... args) throws IOException, InterruptedException {
        return awsAs(TestServer.ACCESS_KEY, TestServer.SECRET_KEY, args);
    }

    static Result awsAs(String accessKey, String secret, String... args) throws IOException, InterruptedException {
        return awsAt(hokan.server.endpoint(), accessKey, secret, "us-east-1", dir, args);
    }

    /** {@code aws backup ARGS} against the server at {@code endpoint}, signed for {@code region}. */
    static Result awsAt(URI endpoint, String accessKey, String secret, String region, Path dir, String... args)
            throws IOException, InterruptedException {
        return awsServiceAt(endpoint, accessKey, secret, region, dir, "backup", args);
    }

    /** {@code aws SERVICE ARGS} against the server at {@code endpoint}, signed for {@code region}. */
    static Result awsServiceAt(URI endpoint, String accessKey, String secret, String region, Path dir, String service,
                               String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(awsExecutable(), "--endpoint-url", endpoint.toString(),
                "--output", "json", service));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_PAGER", "");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void vaultsPlansAndErrorsThroughTheCli() throws Exception {
        Result created = aws("create-backup-vault", "--backup-vault-name", "cli-vault", "--backup-vault-tags", "a=b");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.json().get("BackupVaultArn").asString()).endsWith(":backup-vault:cli-vault");

        Result described = aws("describe-backup-vault", "--backup-vault-name", "cli-vault");
        assertThat(described.json().get("NumberOfRecoveryPoints").asLong()).isZero();

        for (int i = 0; i < 4; i++) {
            assertThat(aws("create-backup-vault", "--backup-vault-name", "cli-page-" + i).exit()).isZero();
        }
        Result paged = aws("list-backup-vaults", "--page-size", "2");
        assertThat(paged.exit()).as(paged.err()).isZero();
        List<String> names = new ArrayList<>();
        paged.json().get("BackupVaultList").forEach(v -> names.add(v.get("BackupVaultName").asString()));
        assertThat(names).doesNotHaveDuplicates()
                .contains("cli-vault", "cli-page-0", "cli-page-1", "cli-page-2", "cli-page-3");

        Result missing = aws("describe-backup-vault", "--backup-vault-name", "nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("(ResourceNotFoundException)").contains("Backup vault nope does not exist");

        Result plan = aws("create-backup-plan", "--backup-plan", "{\"BackupPlanName\":\"cli-plan\",\"Rules\":[{"
                + "\"RuleName\":\"daily\",\"TargetBackupVaultName\":\"cli-vault\",\"ScheduleExpression\":"
                + "\"cron(0 5 ? * * *)\",\"Lifecycle\":{\"MoveToColdStorageAfterDays\":30,\"DeleteAfterDays\":60}}]}");
        assertThat(plan.exit()).isNotZero();
        assertThat(plan.err()).contains("(InvalidParameterValueException)")
                .contains("Error in rule daily : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart"
                        + " from MoveToColdStorageAfterDays");

        Result templates = aws("list-backup-plan-templates");
        assertThat(templates.json().get("BackupPlanTemplatesList").size()).isEqualTo(4);
    }

    @Test
    void backupAndRestoreThroughTheCli() throws Exception {
        Path source = Trees.sample(dir.resolve("cli-source"), 21);
        String arn = hokan.registerDirectory("cli-source", source, "{}");
        assertThat(aws("create-backup-vault", "--backup-vault-name", "cli-backups").exit()).isZero();
        Result started = aws("start-backup-job", "--backup-vault-name", "cli-backups", "--resource-arn", arn,
                "--iam-role-arn", TestServer.ROLE, "--lifecycle", "DeleteAfterDays=30");
        assertThat(started.exit()).as(started.err()).isZero();
        String jobId = started.json().get("BackupJobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() ->
                aws("describe-backup-job", "--backup-job-id", jobId).json().get("State").asString().equals("COMPLETED"));
        String point = started.json().get("RecoveryPointArn").asString();

        Result described = aws("describe-recovery-point", "--backup-vault-name", "cli-backups",
                "--recovery-point-arn", point);
        assertThat(described.exit()).as(described.err()).isZero();
        assertThat(described.json().get("Status").asString()).isEqualTo("COMPLETED");
        assertThat(described.json().get("CalculatedLifecycle").get("DeleteAt").isNumber()).isTrue();

        Result byResource = aws("list-recovery-points-by-resource", "--resource-arn", arn);
        assertThat(byResource.json().get("RecoveryPoints").get(0).get("RecoveryPointArn").asString()).isEqualTo(point);

        Path target = dir.resolve("cli-restored");
        Result restore = aws("start-restore-job", "--recovery-point-arn", point, "--metadata",
                "TargetPath=" + target);
        assertThat(restore.exit()).as(restore.err()).isZero();
        String restoreId = restore.json().get("RestoreJobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> aws("describe-restore-job", "--restore-job-id", restoreId)
                .json().get("Status").asString().equals("COMPLETED"));
        Trees.assertSameTree(source, target);
        Result restores = aws("list-restore-jobs-by-protected-resource", "--resource-arn", arn);
        assertThat(restores.json().get("RestoreJobs").get(0).get("CreatedResourceArn").asString())
                .startsWith("arn:aws:hokan:us-east-1:000000000000:directory/restore-");
    }

    @Test
    void copyThroughTheCli() throws Exception {
        String arn = hokan.registerDirectory("cli-copied", Trees.sample(dir.resolve("cli-copied"), 23), "{}");
        assertThat(aws("create-backup-vault", "--backup-vault-name", "cli-copy-source").exit()).isZero();
        Result target = aws("create-backup-vault", "--backup-vault-name", "cli-copy-target");
        assertThat(target.exit()).as(target.err()).isZero();
        String targetArn = target.json().get("BackupVaultArn").asString();
        String point = BackupRestoreTest.backupNow("cli-copy-source", arn, null);

        Result started = aws("start-copy-job", "--recovery-point-arn", point, "--source-backup-vault-name",
                "cli-copy-source", "--destination-backup-vault-arn", targetArn, "--iam-role-arn", TestServer.ROLE,
                "--lifecycle", "DeleteAfterDays=30");
        assertThat(started.exit()).as(started.err()).isZero();
        String jobId = started.json().get("CopyJobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> aws("describe-copy-job", "--copy-job-id", jobId).json()
                .get("CopyJob").get("State").asString().equals("COMPLETED"));
        JsonNode job = aws("describe-copy-job", "--copy-job-id", jobId).json().get("CopyJob");
        assertThat(job.get("SourceRecoveryPointArn").asString()).isEqualTo(point);
        assertThat(job.get("SourceBackupVaultArn").asString()).endsWith(":backup-vault:cli-copy-source");
        assertThat(job.get("DestinationBackupVaultArn").asString()).isEqualTo(targetArn);
        assertThat(job.get("DestinationRecoveryPointLifecycle").get("DeleteAfterDays").asLong()).isEqualTo(30);
        assertThat(job.get("CreationDate").isNumber()).isTrue();
        String copy = job.get("DestinationRecoveryPointArn").asString();

        Result described = aws("describe-recovery-point", "--backup-vault-name", "cli-copy-target",
                "--recovery-point-arn", copy);
        assertThat(described.exit()).as(described.err()).isZero();
        assertThat(described.json().get("SourceBackupVaultArn").asString()).isEqualTo(job.get("SourceBackupVaultArn")
                .asString());
        assertThat(aws("list-copy-jobs", "--by-destination-vault-arn", targetArn).json().get("CopyJobs")
                .findValuesAsString("CopyJobId")).containsExactly(jobId);

        Result refused = aws("start-copy-job", "--recovery-point-arn", point, "--source-backup-vault-name",
                "cli-copy-source", "--destination-backup-vault-arn", "arn:aws:s3:::bucket", "--iam-role-arn",
                TestServer.ROLE);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("(InvalidParameterValueException)").contains("not a backup vault ARN");
    }

    @Test
    void crossAccountCopyUnderAVaultPolicyThroughTheCli() throws Exception {
        JsonNode account = JSON.readTree(hokan.signed("POST", "/hokan/v1/admin/accounts",
                "{\"AccountName\":\"cli-dr\"}").body());
        String drKey = account.get("AccessKeyId").asString();
        String drSecret = account.get("SecretAccessKey").asString();
        JsonNode org = JSON.readTree(hokan.signed("POST", "/hokan/v1/admin/organization", "{}").body());
        assertThat(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + account.get("AccountId").asString(),
                "{\"ParentId\":\"" + org.get("RootId").asString() + "\"}").statusCode()).isEqualTo(200);
        Result enabled = aws("update-global-settings", "--global-settings", "isCrossAccountBackupEnabled=true");
        assertThat(enabled.exit()).as(enabled.err()).isZero();
        assertThat(awsAs(drKey, drSecret, "describe-global-settings").json().get("GlobalSettings")
                .get("isCrossAccountBackupEnabled").asString()).isEqualTo("true");

        Result vault = awsAs(drKey, drSecret, "create-backup-vault", "--backup-vault-name", "cli-dr-vault");
        assertThat(vault.exit()).as(vault.err()).isZero();
        String vaultArn = vault.json().get("BackupVaultArn").asString();
        String resource = hokan.registerDirectory("cli-cross", Trees.sample(dir.resolve("cli-cross"), 41), "{}");
        assertThat(aws("create-backup-vault", "--backup-vault-name", "cli-cross-source").exit()).isZero();
        String point = BackupRestoreTest.backupNow("cli-cross-source", resource, null);

        JsonNode refused = copiedThroughCli(point, vaultArn);
        assertThat(refused.get("State").asString()).isEqualTo("FAILED");
        assertThat(refused.get("StatusMessage").asString()).startsWith("Copy refused: ")
                .contains("backup:CopyIntoBackupVault");

        String policy = """
                { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":"*", \
                "Action":"backup:CopyIntoBackupVault", "Resource":"*", "Condition":{ "StringEquals":{ \
                "aws:PrincipalOrgID":[ "%s" ] } } } ] }""".formatted(org.get("Id").asString());
        Result put = awsAs(drKey, drSecret, "put-backup-vault-access-policy", "--backup-vault-name", "cli-dr-vault",
                "--policy", policy);
        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(awsAs(drKey, drSecret, "get-backup-vault-access-policy", "--backup-vault-name", "cli-dr-vault")
                .json().get("Policy").asString()).isEqualTo(policy);

        JsonNode copied = copiedThroughCli(point, vaultArn);
        assertThat(copied.get("State").asString()).as(copied.toString()).isEqualTo("COMPLETED");
        assertThat(awsAs(drKey, drSecret, "list-recovery-points-by-backup-vault", "--backup-vault-name",
                "cli-dr-vault").json().get("RecoveryPoints").findValuesAsString("RecoveryPointArn"))
                .containsExactly(copied.get("DestinationRecoveryPointArn").asString());
    }

    private static JsonNode copiedThroughCli(String point, String vaultArn) throws Exception {
        Result started = aws("start-copy-job", "--recovery-point-arn", point, "--source-backup-vault-name",
                "cli-cross-source", "--destination-backup-vault-arn", vaultArn, "--iam-role-arn", TestServer.ROLE);
        assertThat(started.exit()).as(started.err()).isZero();
        String jobId = started.json().get("CopyJobId").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> Set.of("COMPLETED", "FAILED").contains(
                aws("describe-copy-job", "--copy-job-id", jobId).json().get("CopyJob").get("State").asString()));
        return aws("describe-copy-job", "--copy-job-id", jobId).json().get("CopyJob");
    }

    @Test
    void plansFireAndHoldsAndLocksProtectThroughTheCli() throws Exception {
        Path source = Trees.sample(dir.resolve("cli-nightly"), 22);
        String arn = hokan.registerDirectory("cli-nightly", source, "{\"AWSBackup\":\"EC2\"}");
        assertThat(aws("create-backup-vault", "--backup-vault-name", "cli-nightly").exit()).isZero();
        Result plan = aws("create-backup-plan", "--backup-plan", "{\"BackupPlanName\":\"cli-nightly\",\"Rules\":[{"
                + "\"RuleName\":\"nightly\",\"TargetBackupVaultName\":\"cli-nightly\",\"ScheduleExpression\":"
                + "\"cron(0 21 * * ? *)\",\"Lifecycle\":{\"DeleteAfterDays\":30}}]}");
        assertThat(plan.exit()).as(plan.err()).isZero();
        String planId = plan.json().get("BackupPlanId").asString();
        Result selection = aws("create-backup-selection", "--backup-plan-id", planId, "--backup-selection",
                "{\"SelectionName\":\"tagged\",\"IamRoleArn\":\"" + TestServer.ROLE + "\",\"ListOfTags\":[{"
                        + "\"ConditionType\":\"STRINGEQUALS\",\"ConditionKey\":\"AWSBackup\",\"ConditionValue\":\"EC2\"}]}");
        assertThat(selection.exit()).as(selection.err()).isZero();

        Instant now = hokan.server.engine().clock().now();
        Instant nine = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(21));
        hokan.setClock((nine.isAfter(now) ? nine : nine.plus(Duration.ofDays(1))).plus(Duration.ofMinutes(61)));
        await().atMost(Duration.ofSeconds(120)).until(() -> aws("list-backup-jobs", "--by-backup-vault-name",
                "cli-nightly").json().get("BackupJobs").findValues("State").stream()
                .anyMatch(state -> state.asString().equals("COMPLETED")));
        JsonNode job = aws("list-backup-jobs", "--by-backup-vault-name", "cli-nightly").json().get("BackupJobs").get(0);
        assertThat(job.get("CreatedBy").get("BackupPlanId").asString()).isEqualTo(planId);
        assertThat(job.get("ResourceArn").asString()).isEqualTo(arn);
        String point = job.get("RecoveryPointArn").asString();

        Result lock = aws("put-backup-vault-lock-configuration", "--backup-vault-name", "cli-nightly",
                "--min-retention-days", "7");
        assertThat(lock.exit()).as(lock.err()).isZero();
        assertThat(aws("describe-backup-vault", "--backup-vault-name", "cli-nightly").json().get("Locked").asBoolean())
                .isTrue();
        Result refused = aws("delete-recovery-point", "--backup-vault-name", "cli-nightly", "--recovery-point-arn",
                point);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("(InvalidRequestException)")
                .contains("Recovery points cannot be deleted because this Backup vault has an active vault lock.");

        Result hold = aws("create-legal-hold", "--title", "cli-hold", "--description", "keep it",
                "--recovery-point-selection", "{\"VaultNames\":[\"cli-nightly\"]}");
        assertThat(hold.exit()).as(hold.err()).isZero();
        String holdId = hold.json().get("LegalHoldId").asString();
        Result held = aws("list-recovery-points-by-legal-hold", "--legal-hold-id", holdId);
        assertThat(held.json().get("RecoveryPoints").get(0).get("RecoveryPointArn").asString()).isEqualTo(point);
        assertThat(aws("list-legal-holds").json().get("LegalHolds").findValuesAsString("LegalHoldId")).contains(holdId);
        hokan.advanceClock(Duration.ofMinutes(1));
        assertThat(aws("get-legal-hold", "--legal-hold-id", holdId).json().get("Status").asString()).isEqualTo("ACTIVE");
        Result cancel = aws("cancel-legal-hold", "--legal-hold-id", holdId, "--cancel-description", "done");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(aws("get-legal-hold", "--legal-hold-id", holdId).json().get("Status").asString())
                .isIn("CANCELING", "CANCELED");
    }
}
