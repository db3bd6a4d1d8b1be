package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.ConditionType;
import software.amazon.awssdk.services.backup.model.CopyAction;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.InvalidResourceStateException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.LimitExceededException;
import software.amazon.awssdk.services.backup.model.ListCopyJobsRequest;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.StartCopyJobRequest;
import software.amazon.awssdk.services.backup.model.StartCopyJobResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Copy jobs between vaults of one server: on demand and from plan rules, with their lifecycles, locks and holds. */
class CopyJobTest extends ServerTestBase {
    static final Set<CopyJobState> FINAL = Set.of(CopyJobState.COMPLETED, CopyJobState.FAILED, CopyJobState.PARTIAL);
    private static final Pattern TRANSFERRED = Pattern.compile("Transferred (\\d+) bytes");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static CopyJob awaitCopyOn(BackupClient client, String jobId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                FINAL.contains(client.describeCopyJob(r -> r.copyJobId(jobId)).copyJob().state()));
        return client.describeCopyJob(r -> r.copyJobId(jobId)).copyJob();
    }

    /** Copies the point and waits for the copy job to end. */
    static CopyJob copy(String point, String sourceVault, String destinationVaultArn, Lifecycle lifecycle) {
        String id = backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName(sourceVault)
                .destinationBackupVaultArn(destinationVaultArn).iamRoleArn(TestServer.ROLE).lifecycle(lifecycle))
                .copyJobId();
        return awaitCopyOn(backup, id);
    }

    /** The bytes a finished copy transferred, which its StatusMessage gives. */
    static long transferred(CopyJob job) {
        Matcher m = TRANSFERRED.matcher(job.statusMessage());
        assertThat(m.find()).as(job.statusMessage()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String vault(String name) {
        return backup.createBackupVault(r -> r.backupVaultName(name)).backupVaultArn();
    }

    private static long points(String vault) {
        return backup.describeBackupVault(r -> r.backupVaultName(vault)).numberOfRecoveryPoints();
    }

    private static DescribeRecoveryPointResponse point(String vault, String arn) {
        return backup.describeRecoveryPoint(r -> r.backupVaultName(vault).recoveryPointArn(arn));
    }

    private static void restoresTo(String point, Path expected, Path target) throws IOException {
        String id = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        var restore = BackupRestoreTest.awaitRestore(id);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(expected, target);
    }

    private static Lifecycle deleteAfter(long days) {
        return Lifecycle.builder().deleteAfterDays(days).build();
    }

    @Test
    void anOnDemandCopyIsARecoveryPointOfItsOwnThatRestoresByteForByte() throws Exception {
        String sourceVault = vault("copy-source");
        String targetVault = vault("copy-target");
        Path source = Trees.sample(dir.resolve("copied"), 31);
        String arn = hokan.registerDirectory("copied", source, "{}");
        String point = BackupRestoreTest.backupNow("copy-source", arn, deleteAfter(400));
        DescribeRecoveryPointResponse original = point("copy-source", point);
        long from = hokan.server.engine().clock().now().getEpochSecond();

        StartCopyJobResponse started = backup.startCopyJob(r -> r.recoveryPointArn(point)
                .sourceBackupVaultName("copy-source").destinationBackupVaultArn(targetVault)
                .iamRoleArn(TestServer.ROLE).lifecycle(deleteAfter(60)));
        assertThat(started.isParent()).isFalse();
        CopyJob job = awaitCopyOn(backup, started.copyJobId());
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        assertThat(job.accountId()).isEqualTo("000000000000");
        assertThat(job.creationDate()).isEqualTo(started.creationDate());
        assertThat(job.completionDate()).isNotNull();
        assertThat(job.sourceBackupVaultArn()).isEqualTo(sourceVault);
        assertThat(job.sourceRecoveryPointArn()).isEqualTo(point);
        assertThat(job.destinationBackupVaultArn()).isEqualTo(targetVault);
        assertThat(job.destinationRecoveryPointArn())
                .startsWith("arn:aws:backup:us-east-1:000000000000:recovery-point:").isNotEqualTo(point);
        assertThat(job.destinationRecoveryPointLifecycle().deleteAfterDays()).isEqualTo(60L);
        assertThat(job.resourceArn()).isEqualTo(arn);
        assertThat(job.resourceType()).isEqualTo("Directory");
        assertThat(job.resourceName()).isEqualTo("copied");
        assertThat(job.backupSizeInBytes()).isEqualTo(original.backupSizeInBytes());
        assertThat(job.iamRoleArn()).isEqualTo(TestServer.ROLE);
        assertThat(job.createdBy()).isNull();
        assertThat(transferred(job)).as("the first copy transfers everything").isGreaterThan(3_000_000L);

        String copyArn = job.destinationRecoveryPointArn();
        DescribeRecoveryPointResponse copy = point("copy-target", copyArn);
        assertThat(copy.sourceBackupVaultArn()).isEqualTo(sourceVault);
        assertThat(copy.backupVaultArn()).isEqualTo(targetVault);
        assertThat(copy.status()).isEqualTo(RecoveryPointStatus.COMPLETED);
        assertThat(copy.storageClassAsString()).isEqualTo("WARM");
        assertThat(copy.resourceArn()).isEqualTo(arn);
        assertThat(copy.backupSizeInBytes()).isEqualTo(original.backupSizeInBytes());
        assertThat(copy.lifecycle().deleteAfterDays()).isEqualTo(60L);
        assertThat(copy.calculatedLifecycle().deleteAt()).isEqualTo(copy.creationDate().plus(Duration.ofDays(60)));
        assertThat(original.sourceBackupVaultArn()).isNull();
        assertThat(backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("copy-target")).recoveryPoints())
                .singleElement().satisfies(p -> {
                    assertThat(p.recoveryPointArn()).isEqualTo(copyArn);
                    assertThat(p.sourceBackupVaultArn()).isEqualTo(sourceVault);
                });
        assertThat(points("copy-target")).isOne();
        assertThat(backup.listRecoveryPointsByResource(r -> r.resourceArn(arn)).recoveryPoints())
                .extracting(p -> p.recoveryPointArn()).containsExactlyInAnyOrder(point, copyArn);
        assertThatThrownBy(() -> backup.deleteBackupVault(r -> r.backupVaultName("copy-target")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("contains recovery points");

        List<JsonNode> trail = events(from - 1).stream()
                .filter(e -> started.copyJobId().equals(e.path("Details").path("CopyJobId").asString()))
                .toList();
        assertThat(trail).extracting(e -> e.path("EventType").asString()).containsExactly("CopyJobCreated",
                "CopyJobStarted", "RecoveryPointCreated", "CopyJobCompleted");
        assertThat(trail.get(2).path("ResourceArn").asString()).isEqualTo(copyArn);
        assertThat(trail.get(2).path("Details").path("SourceBackupVaultArn").asString()).isEqualTo(sourceVault);

        // the copy stands alone: once the original and its data are gone, it still restores
        backup.deleteRecoveryPoint(r -> r.backupVaultName("copy-source").recoveryPointArn(point));
        await().atMost(Duration.ofSeconds(60)).until(() -> points("copy-source") == 0);
        restoresTo(copyArn, source, dir.resolve("copied-restored"));
    }

    @Test
    void aLaterCopyOfTheSameResourceTransfersOnlyWhatChanged() throws Exception {
        String target = vault("increment-target");
        vault("increment-source");
        Path source = Trees.sample(dir.resolve("growing"), 32);
        Path firstState = Trees.sample(dir.resolve("growing-first"), 32);
        String arn = hokan.registerDirectory("growing", source, "{}");
        String first = BackupRestoreTest.backupNow("increment-source", arn, null);
        CopyJob firstCopy = copy(first, "increment-source", target, null);
        assertThat(firstCopy.state()).as(firstCopy.statusMessage()).isEqualTo(CopyJobState.COMPLETED);

        Files.writeString(source.resolve("README.txt"), "changed after the first copy");
        Files.writeString(source.resolve("docs/new.txt"), "added after the first copy");
        hokan.advanceClock(Duration.ofHours(1));
        String second = BackupRestoreTest.backupNow("increment-source", arn, null);
        CopyJob secondCopy = copy(second, "increment-source", target, null);
        assertThat(secondCopy.state()).as(secondCopy.statusMessage()).isEqualTo(CopyJobState.COMPLETED);

        assertThat(transferred(firstCopy)).isGreaterThan(3_000_000L);
        assertThat(transferred(secondCopy)).as("only the changed files and their directories travel")
                .isPositive().isLessThan(transferred(firstCopy) / 100);
        assertThat(point("increment-target", secondCopy.destinationRecoveryPointArn()).lifecycle()).isNull();
        restoresTo(secondCopy.destinationRecoveryPointArn(), source, dir.resolve("growing-second-restored"));
        restoresTo(firstCopy.destinationRecoveryPointArn(), firstState, dir.resolve("growing-first-restored"));
    }

    @Test
    void eachCopyActionOfAPlanRuleCopiesItsScheduledBackupsWithTheActionsLifecycle() throws Exception {
        vault("plan-source");
        String copiesA = vault("plan-copies-a");
        String copiesB = vault("plan-copies-b");
        String arn = hokan.registerDirectory("planned", Trees.sample(dir.resolve("planned"), 33),
                "{\"copy-test\":\"plan\"}");
        String planId = backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("copying").rules(rule -> rule
                .ruleName("nightly").targetBackupVaultName("plan-source").scheduleExpression("cron(0 21 * * ? *)")
                .startWindowMinutes(60L).lifecycle(deleteAfter(30))
                .copyActions(CopyAction.builder().destinationBackupVaultArn(copiesA).lifecycle(deleteAfter(2)).build(),
                        CopyAction.builder().destinationBackupVaultArn(copiesB).lifecycle(l -> l
                                .moveToColdStorageAfterDays(1L).deleteAfterDays(95L)).build())))).backupPlanId();
        String ruleId = backup.getBackupPlan(r -> r.backupPlanId(planId)).backupPlan().rules().getFirst().ruleId();
        String selectionId = backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s
                .selectionName("tagged").iamRoleArn(TestServer.ROLE).listOfTags(t -> t
                        .conditionType(ConditionType.STRINGEQUALS).conditionKey("copy-test").conditionValue("plan"))))
                .selectionId();

        Instant now = hokan.server.engine().clock().now();
        Instant nine = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(21));
        // inside the hour's start window, past the first quarter in which the job starts
        hokan.setClock((nine.isAfter(now) ? nine : nine.plus(Duration.ofDays(1))).plus(Duration.ofMinutes(30)));
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            List<CopyJob> jobs = backup.listCopyJobs(r -> r.byResourceArn(arn)).copyJobs();
            return jobs.size() == 2 && jobs.stream().allMatch(j -> FINAL.contains(j.state()));
        });
        backup.deleteBackupSelection(r -> r.backupPlanId(planId).selectionId(selectionId));
        var backupJob = backup.listBackupJobs(r -> r.byResourceArn(arn)).backupJobs().getFirst();
        assertThat(backupJob.state()).isEqualTo(BackupJobState.COMPLETED);

        Map<String, CopyJob> byTarget = new HashMap<>();
        for (CopyJob job : backup.listCopyJobs(r -> r.byResourceArn(arn)).copyJobs()) {
            assertThat(job.state()).as(job.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
            assertThat(job.createdBy().backupPlanId()).isEqualTo(planId);
            assertThat(job.createdBy().backupRuleId()).isEqualTo(ruleId);
            assertThat(job.createdByBackupJobId()).isEqualTo(backupJob.backupJobId());
            assertThat(job.sourceRecoveryPointArn()).isEqualTo(backupJob.recoveryPointArn());
            assertThat(job.iamRoleArn()).isEqualTo(TestServer.ROLE);
            byTarget.put(job.destinationBackupVaultArn(), job);
        }
        assertThat(byTarget).containsOnlyKeys(copiesA, copiesB);
        String copyA = byTarget.get(copiesA).destinationRecoveryPointArn();
        String copyB = byTarget.get(copiesB).destinationRecoveryPointArn();
        DescribeRecoveryPointResponse a = point("plan-copies-a", copyA);
        assertThat(a.lifecycle().deleteAfterDays()).isEqualTo(2L);
        assertThat(a.calculatedLifecycle().deleteAt()).isEqualTo(a.creationDate().plus(Duration.ofDays(2)));
        assertThat(a.createdBy().backupPlanId()).isEqualTo(planId);
        DescribeRecoveryPointResponse b = point("plan-copies-b", copyB);
        assertThat(b.calculatedLifecycle().moveToColdStorageAt()).isEqualTo(b.creationDate().plus(Duration.ofDays(1)));
        assertThat(b.calculatedLifecycle().deleteAt()).isEqualTo(b.creationDate().plus(Duration.ofDays(95)));
        assertThat(point("plan-source", backupJob.recoveryPointArn()).lifecycle().deleteAfterDays()).isEqualTo(30L);

        hokan.advanceClock(Duration.ofDays(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> points("plan-copies-a") == 0);
        hokan.awaitColdStorage();
        assertThat(point("plan-copies-b", copyB).storageClassAsString()).isEqualTo("COLD");
        assertThat(point("plan-source", backupJob.recoveryPointArn()).storageClassAsString()).isEqualTo("WARM");
    }

    @Test
    void aPointInColdStorageIsCopiedFromTheColdTier() throws Exception {
        vault("cold-copy-source");
        String target = vault("cold-copy-target");
        Path source = Trees.sample(dir.resolve("cold-copied"), 39);
        String arn = hokan.registerDirectory("cold-copied", source, "{}");
        String point = BackupRestoreTest.backupNow("cold-copy-source", arn, Lifecycle.builder()
                .moveToColdStorageAfterDays(1L).deleteAfterDays(400L).build());
        hokan.advanceClock(Duration.ofDays(1));
        hokan.awaitColdStorage();
        assertThat(point("cold-copy-source", point).storageClassAsString()).isEqualTo("COLD");

        CopyJob job = copy(point, "cold-copy-source", target, null);
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        assertThat(job.statusMessage()).endsWith("read from cold storage");
        DescribeRecoveryPointResponse copy = point("cold-copy-target", job.destinationRecoveryPointArn());
        assertThat(copy.storageClassAsString()).as("a copy starts warm").isEqualTo("WARM");
        assertThat(copy.lifecycle()).isNull();
        restoresTo(job.destinationRecoveryPointArn(), source, dir.resolve("cold-copied-restored"));
    }

    @Test
    void planRulesTakeAtMostFiveValidCopyActions() {
        vault("plan-checks");
        String target = "arn:aws:backup:us-east-1:000000000000:backup-vault:plan-checks";
        CopyAction valid = CopyAction.builder().destinationBackupVaultArn(target).build();
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("six-copies")
                .rules(rule -> rule.ruleName("r").targetBackupVaultName("plan-checks")
                        .copyActions(valid, valid, valid, valid, valid, valid)))))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("at most 5 copy actions");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("short-cold")
                .rules(rule -> rule.ruleName("r").targetBackupVaultName("plan-checks")
                        .copyActions(CopyAction.builder().destinationBackupVaultArn(target).lifecycle(l -> l
                                .moveToColdStorageAfterDays(30L).deleteAfterDays(60L)).build())))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("copy action: Invalid lifecycle. DeleteAfterDays cannot be less than 90 days"
                        + " apart from MoveToColdStorageAfterDays");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("not-a-vault")
                .rules(rule -> rule.ruleName("r").targetBackupVaultName("plan-checks")
                        .copyActions(CopyAction.builder().destinationBackupVaultArn(
                                "arn:aws:backup:us-east-1:000000000000:backup-plan:abc").build())))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not a backup vault ARN");
        assertThat(backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("five-copies")
                .rules(rule -> rule.ruleName("r").targetBackupVaultName("plan-checks")
                        .copyActions(valid, valid, valid, valid, valid)))).backupPlanId()).isNotNull();
    }

    @Test
    void aVaultLockOnTheDestinationFailsCopiesWhoseRetentionItForbids() throws Exception {
        vault("lock-source");
        String target = vault("lock-target");
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("lock-target").minRetentionDays(7L)
                .maxRetentionDays(30L));
        String arn = hokan.registerDirectory("locked-copy", Trees.sample(dir.resolve("locked-copy"), 34), "{}");
        String point = BackupRestoreTest.backupNow("lock-source", arn, null);

        CopyJob tooShort = copy(point, "lock-source", target, deleteAfter(1));
        assertThat(tooShort.state()).isEqualTo(CopyJobState.FAILED);
        assertThat(tooShort.statusMessage()).isEqualTo("Backup vault lock-target has a vault lock that keeps recovery"
                + " points at least 7 days, but this lifecycle has DeleteAfterDays 1; give the copy a retention the"
                + " vault lock allows, or copy into another vault");
        assertThat(tooShort.destinationRecoveryPointArn()).isNull();
        CopyJob forever = copy(point, "lock-source", target, null);
        assertThat(forever.state()).isEqualTo(CopyJobState.FAILED);
        assertThat(forever.statusMessage()).contains("vault lock").contains("at most 30 days").contains("forever");
        assertThat(points("lock-target")).isZero();

        CopyJob allowed = copy(point, "lock-source", target, deleteAfter(10));
        assertThat(allowed.state()).as(allowed.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        assertThat(points("lock-target")).isOne();
    }

    @Test
    void aLegalHoldOnTheSourceDoesNotHoldItsCopies() throws Exception {
        vault("hold-source");
        String target = vault("hold-target");
        String arn = hokan.registerDirectory("held-copy", Trees.sample(dir.resolve("held-copy"), 35), "{}");
        String point = BackupRestoreTest.backupNow("hold-source", arn, deleteAfter(400));
        String holdId = backup.createLegalHold(r -> r.title("copy-hold").description("hold the original")
                .recoveryPointSelection(s -> s.resourceIdentifiers(arn))).legalHoldId();
        hokan.advanceClock(Duration.ofMinutes(1));

        CopyJob job = copy(point, "hold-source", target, deleteAfter(1));
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        assertThat(backup.listRecoveryPointsByLegalHold(r -> r.legalHoldId(holdId)).recoveryPoints())
                .extracting(p -> p.recoveryPointArn()).containsExactly(point);
        assertThatThrownBy(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("hold-source")
                .recoveryPointArn(point))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("legal hold");

        hokan.advanceClock(Duration.ofDays(1).plusMinutes(1));
        await("the copy's own retention runs while the original is held").atMost(Duration.ofSeconds(60))
                .until(() -> points("hold-target") == 0);
        assertThat(point("hold-source", point).status()).isEqualTo(RecoveryPointStatus.COMPLETED);
        backup.cancelLegalHold(r -> r.legalHoldId(holdId).cancelDescription("done"));
    }

    @Test
    void startCopyJobChecksItsInputAndCopiesThatCannotLandFail() throws Exception {
        vault("check-source");
        vault("check-target");
        String arn = hokan.registerDirectory("checked-copy", Trees.sample(dir.resolve("checked-copy"), 36), "{}");
        String point = BackupRestoreTest.backupNow("check-source", arn, null);
        String target = "arn:aws:backup:us-east-1:000000000000:backup-vault:check-target";

        Function<Consumer<StartCopyJobRequest.Builder>, String> start = changes -> backup.startCopyJob(r -> {
            r.recoveryPointArn(point).sourceBackupVaultName("check-source").destinationBackupVaultArn(target)
                    .iamRoleArn(TestServer.ROLE);
            changes.accept(r);
        }).copyJobId();
        assertThatThrownBy(() -> start.apply(r -> r.recoveryPointArn(null)))
                .isInstanceOf(MissingParameterValueException.class).hasMessageContaining("RecoveryPointArn");
        assertThatThrownBy(() -> start.apply(r -> r.destinationBackupVaultArn(null)))
                .isInstanceOf(MissingParameterValueException.class).hasMessageContaining("DestinationBackupVaultArn");
        assertThatThrownBy(() -> start.apply(r -> r.destinationBackupVaultArn("arn:aws:s3:::bucket")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not a backup vault ARN");
        assertThatThrownBy(() -> start.apply(r -> r.iamRoleArn("role")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("IAM role");
        assertThatThrownBy(() -> start.apply(r -> r.lifecycle(l -> l.moveToColdStorageAfterDays(10L)
                .deleteAfterDays(20L)))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("90 days");
        assertThatThrownBy(() -> start.apply(r -> r.sourceBackupVaultName("check-target")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("is not in backup vault check-target");
        assertThatThrownBy(() -> start.apply(r -> r.sourceBackupVaultName("no-vault")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Backup vault no-vault does not exist");
        assertThatThrownBy(() -> start.apply(r -> r.recoveryPointArn(point.substring(0, point.lastIndexOf(':') + 1)
                + "00000000-0000-0000-0000-000000000000"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> backup.describeCopyJob(r -> r.copyJobId("no-such-job")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Copy job no-such-job does not exist");

        String first = start.apply(r -> r.idempotencyToken("copy-once"));
        assertThat(start.apply(r -> r.idempotencyToken("copy-once"))).isEqualTo(first);
        assertThatThrownBy(() -> start.apply(r -> r.idempotencyToken("copy-once").lifecycle(deleteAfter(5))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("different parameters");
        assertThat(awaitCopyOn(backup, first).state()).isEqualTo(CopyJobState.COMPLETED);

        CopyJob unknown = copy(point, "check-source", "arn:aws:backup:us-east-1:000000000000:backup-vault:nowhere",
                null);
        assertThat(unknown.state()).isEqualTo(CopyJobState.FAILED);
        assertThat(unknown.statusMessage()).isEqualTo("Backup vault nowhere does not exist");
        CopyJob otherAccount = copy(point, "check-source",
                "arn:aws:backup:us-east-1:111122223333:backup-vault:remote", null);
        assertThat(otherAccount.state()).isEqualTo(CopyJobState.FAILED);
        assertThat(otherAccount.statusMessage())
                .isEqualTo("Copy refused: account 111122223333 does not exist in this deployment");
        CopyJob otherRegion = copy(point, "check-source",
                "arn:aws:backup:eu-west-1:000000000000:backup-vault:check-source", null);
        assertThat(otherRegion.state()).isEqualTo(CopyJobState.FAILED);
        assertThat(otherRegion.statusMessage()).isEqualTo("Copy refused: region eu-west-1 is neither served by this"
                + " deployment nor configured as a remote region");
    }

    @Test
    void copyJobListsFilterPageAndSummarise() throws Exception {
        vault("list-source");
        String targetA = vault("list-target-a");
        String targetB = vault("list-target-b");
        String arn = hokan.registerDirectory("listed-copies", Trees.sample(dir.resolve("listed-copies"), 37), "{}");
        String point = BackupRestoreTest.backupNow("list-source", arn, null);
        long completedBefore = summaryCount("COMPLETED");
        long failedBefore = summaryCount("FAILED");

        CopyJob a = copy(point, "list-source", targetA, null);
        CopyJob b = copy(point, "list-source", targetB, null);
        CopyJob failed = copy(point, "list-source", "arn:aws:backup:us-east-1:000000000000:backup-vault:list-none",
                null);
        assertThat(List.of(a.state(), b.state(), failed.state()))
                .containsExactly(CopyJobState.COMPLETED, CopyJobState.COMPLETED, CopyJobState.FAILED);
        Instant created = a.creationDate();

        assertThat(ids(r -> r.byResourceArn(arn))).containsExactlyInAnyOrder(a.copyJobId(), b.copyJobId(),
                failed.copyJobId());
        assertThat(ids(r -> r.byResourceArn(arn).byState(CopyJobState.COMPLETED)))
                .containsExactlyInAnyOrder(a.copyJobId(), b.copyJobId());
        assertThat(ids(r -> r.byResourceArn(arn).byState(CopyJobState.FAILED))).containsExactly(failed.copyJobId());
        assertThat(ids(r -> r.byDestinationVaultArn(targetA))).containsExactly(a.copyJobId());
        assertThat(ids(r -> r.byResourceArn(arn).byResourceType("Directory"))).hasSize(3);
        assertThat(ids(r -> r.byResourceArn(arn).byResourceType("EBS"))).isEmpty();
        assertThat(ids(r -> r.byResourceArn(arn).byCreatedAfter(created.plusSeconds(5)))).isEmpty();
        assertThat(ids(r -> r.byResourceArn(arn).byCreatedBefore(created.plusSeconds(5)))).hasSize(3);
        assertThat(ids(r -> r.byResourceArn(arn).byCompleteAfter(created.minusSeconds(5)))).hasSize(3);
        assertThat(ids(r -> r.byResourceArn(arn).byCompleteBefore(created.minusSeconds(5)))).isEmpty();
        assertThat(ids(r -> r.byResourceArn(arn).byAccountId("000000000000"))).hasSize(3);
        assertThat(ids(r -> r.byResourceArn(arn).byAccountId("111122223333"))).isEmpty();
        assertThat(ids(r -> r.byResourceArn(arn).byParentJobId("parent"))).isEmpty();
        assertThat(ids(r -> r.byResourceArn(arn).byMessageCategory("ANY"))).hasSize(3);
        assertThat(ids(r -> r.bySourceRecoveryPointArn(point))).hasSize(3);
        assertThat(ids(r -> r.bySourceRecoveryPointArn(a.destinationRecoveryPointArn()))).isEmpty();
        assertThat(ids(r -> r.byResourceArn(arn).byMessageCategory("SUCCESS")))
                .containsExactlyInAnyOrder(a.copyJobId(), b.copyJobId());
        assertThat(ids(r -> r.byResourceArn(arn).byMessageCategory("EXPIRED"))).isEmpty();
        assertThatThrownBy(() -> backup.listCopyJobs(r -> r.byMessageCategory("Nonsense")))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> backup.listCopyJobs(r -> r.byState("SLEEPING")))
                .isInstanceOf(InvalidParameterValueException.class);

        var firstPage = backup.listCopyJobs(r -> r.byResourceArn(arn).maxResults(1));
        assertThat(firstPage.copyJobs()).hasSize(1);
        assertThat(firstPage.nextToken()).isNotNull();
        assertThat(backup.listCopyJobsPaginator(r -> r.byResourceArn(arn).maxResults(1)).copyJobs().stream()
                .map(CopyJob::copyJobId).toList()).doesNotHaveDuplicates().hasSize(3);

        assertThat(summaryCount("COMPLETED")).isEqualTo(completedBefore + 2);
        assertThat(summaryCount("FAILED")).isEqualTo(failedBefore + 1);
        var all = backup.listCopyJobSummaries(r -> r.state("AGGREGATE_ALL").resourceType("AGGREGATE_ALL"));
        assertThat(all.copyJobSummaries()).singleElement().satisfies(s -> {
            assertThat(s.stateAsString()).isEqualTo("AGGREGATE_ALL");
            assertThat(s.resourceType()).isEqualTo("AGGREGATE_ALL");
            assertThat(s.count()).isGreaterThanOrEqualTo(3);
            assertThat(s.region()).isEqualTo("us-east-1");
        });
        assertThat(all.aggregationPeriod()).isEqualTo("ONE_DAY");
        assertThat(backup.listCopyJobSummaries(r -> r.accountId("111122223333")).copyJobSummaries()).isEmpty();
        assertThatThrownBy(() -> backup.listCopyJobSummaries(r -> r.state("SLEEPING")))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    private static List<String> ids(Consumer<ListCopyJobsRequest.Builder> filter) {
        return backup.listCopyJobs(filter).copyJobs().stream().map(CopyJob::copyJobId).toList();
    }

    private static long summaryCount(String state) {
        return backup.listCopyJobSummaries(r -> r.state(state).resourceType("Directory")).copyJobSummaries().stream()
                .mapToLong(s -> s.count()).sum();
    }

    @Test
    void aWaitingCopyKeepsItsSourcePointAndItsDestinationVault(@TempDir Path own) throws Exception {
        try (TestServer one = TestServer.start(own.resolve("data"), 1)) {
            BackupClient client = one.backup;
            client.createBackupVault(r -> r.backupVaultName("waiting-source"));
            String target = client.createBackupVault(r -> r.backupVaultName("waiting-target")).backupVaultArn();
            String small = one.registerDirectory("small", Trees.sample(own.resolve("small"), 38), "{}");
            var backedUp = BackupRestoreTest.awaitBackupOn(client, client.startBackupJob(r -> r
                    .backupVaultName("waiting-source").resourceArn(small).iamRoleArn(TestServer.ROLE)).backupJobId());
            String point = backedUp.recoveryPointArn();
            String big = one.registerDirectory("big", sparseSource(own.resolve("big")), "{}");
            String busy = client.startBackupJob(r -> r.backupVaultName("waiting-source").resourceArn(big)
                    .iamRoleArn(TestServer.ROLE)).backupJobId();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() ->
                    client.describeBackupJob(r -> r.backupJobId(busy)).state() == BackupJobState.RUNNING);

            String waiting = client.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("waiting-source")
                    .destinationBackupVaultArn(target).iamRoleArn(TestServer.ROLE)).copyJobId();
            assertThat(client.describeCopyJob(r -> r.copyJobId(waiting)).copyJob().state())
                    .as("the only worker is busy").isEqualTo(CopyJobState.CREATED);
            assertThatThrownBy(() -> client.deleteRecoveryPoint(r -> r.backupVaultName("waiting-source")
                    .recoveryPointArn(point))).isInstanceOf(InvalidResourceStateException.class)
                    .hasMessageContaining("is being copied");
            assertThatThrownBy(() -> client.deleteBackupVault(r -> r.backupVaultName("waiting-target")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("copy jobs into it");

            client.stopBackupJob(r -> r.backupJobId(busy));
            CopyJob done = awaitCopyOn(client, waiting);
            assertThat(done.state()).as(done.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
            client.deleteRecoveryPoint(r -> r.backupVaultName("waiting-source").recoveryPointArn(point));
        }
    }

    /** A directory whose backup takes many seconds: a 16 GiB sparse file, read and hashed in full. */
    private static Path sparseSource(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve("sparse.img").toFile(), "rw")) {
            sparse.setLength(16L << 30);
        }
        return dir;
    }

    private static List<JsonNode> events(long after) {
        HttpResponse<String> r = hokan.signed("GET", "/hokan/v1/events?maxResults=1000&after=" + after, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("Events").forEach(out::add);
        return out;
    }
}
