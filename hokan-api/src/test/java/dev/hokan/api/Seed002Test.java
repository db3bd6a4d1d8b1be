package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.hokan.engine.Actor;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.CreateLegalHoldResponse;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.LegalHoldStatus;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 002 replayed on the manual clock, with AWS's deletion window of 8 hours after DeleteAt: one-day backups of
 * the same resource into the vaults legal-hold, non-legal-hold and vault-lock (governance mode), a legal hold two
 * minutes later, its release 29 h 20 min after that, and the deletions as they were observed.
 */
class Seed002Test {
    static final Duration WINDOW = ExpiryWindow.AWS_LENGTH;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static TestServer hokan;
    static BackupClient backup;

    @BeforeAll
    static void startServer() {
        hokan = TestServer.start(dir.resolve("data"), 2, new ExpiryWindow(WINDOW, new Random(2002)));
        backup = hokan.backup;
    }

    @AfterAll
    static void stopServer() throws Exception {
        hokan.close();
    }

    @Test
    void aLegalHoldStopsTheRetentionClockWhileAVaultLockOnlyStopsManualDeletion() throws Exception {
        String instance = hokan.registerDirectory("i-0635a6b53d755a372", Trees.sample(dir.resolve("ec2"), 1), "{}");
        String held = oneDayBackup("legal-hold", instance);
        String plain = oneDayBackup("non-legal-hold", instance);
        String locked = oneDayBackup("vault-lock", instance);
        var point = backup.describeRecoveryPoint(r -> r.backupVaultName("legal-hold").recoveryPointArn(held));
        Instant created = point.creationDate();
        assertThat(point.calculatedLifecycle().deleteAt()).as("DeleteAt is nominal; the window comes on top")
                .isEqualTo(created.plus(Duration.ofDays(1)));

        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("vault-lock").minRetentionDays(1L));
        var lockedVault = backup.describeBackupVault(r -> r.backupVaultName("vault-lock"));
        assertThat(lockedVault.locked()).isTrue();
        assertThat(lockedVault.minRetentionDays()).isEqualTo(1L);
        assertThat(lockedVault.lockDate()).as("governance mode has no lock date").isNull();
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("legal-hold")).locked()).isFalse();
        assertRefused(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("vault-lock").recoveryPointArn(locked)),
                InvalidRequestException.class,
                "Recovery points cannot be deleted because this Backup vault has an active vault lock.");

        Instant holdTime = created.plus(Duration.ofMinutes(2));
        hokan.setClock(holdTime);
        CreateLegalHoldResponse hold = backup.createLegalHold(r -> r.title("seed-002")
                .description("Keep the legal-hold backup")
                .recoveryPointSelection(s -> s.vaultNames("legal-hold")
                        .dateRange(d -> d.fromDate(created.truncatedTo(ChronoUnit.DAYS)).toDate(holdTime))));
        assertThat(hold.status()).isEqualTo(LegalHoldStatus.CREATING);
        assertThat(hold.legalHoldArn()).isEqualTo("arn:aws:backup:us-east-1:000000000000:legal-hold:"
                + hold.legalHoldId());
        assertThat(hold.recoveryPointSelection().vaultNames()).containsExactly("legal-hold");
        assertThat(backup.listRecoveryPointsByLegalHold(r -> r.legalHoldId(hold.legalHoldId())).recoveryPoints())
                .singleElement().satisfies(m -> {
                    assertThat(m.recoveryPointArn()).isEqualTo(held);
                    assertThat(m.backupVaultName()).isEqualTo("legal-hold");
                    assertThat(m.resourceArn()).isEqualTo(instance);
                    assertThat(m.resourceType()).isEqualTo("Directory");
                });
        assertRefused(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("legal-hold").recoveryPointArn(held)),
                InvalidRequestException.class,
                "Recovery point " + held + " cannot be deleted because it has active legal hold(s).");
        assertRefused(() -> backup.deleteBackupVault(r -> r.backupVaultName("legal-hold")),
                InvalidRequestException.class, "Backup vault cannot be deleted because it contains recovery points.");

        hokan.setClock(created.plus(Duration.ofDays(1)).minusSeconds(1));
        assertThat(backup.getLegalHold(r -> r.legalHoldId(hold.legalHoldId())).status())
                .isEqualTo(LegalHoldStatus.ACTIVE);
        assertThat(pointCount("non-legal-hold") + pointCount("vault-lock") + pointCount("legal-hold")).isEqualTo(3);

        // released 29 h 20 min after the hold, as in the seed; lifecycle may already have taken the others
        Instant release = holdTime.plus(Duration.ofHours(29)).plus(Duration.ofMinutes(20));
        hokan.setClock(release);
        backup.cancelLegalHold(r -> r.legalHoldId(hold.legalHoldId()).cancelDescription("Investigation closed"));
        assertThat(backup.getLegalHold(r -> r.legalHoldId(hold.legalHoldId())).status())
                .isEqualTo(LegalHoldStatus.CANCELING);
        hokan.setClock(release.plus(Duration.ofMinutes(2)));
        var canceled = backup.getLegalHold(r -> r.legalHoldId(hold.legalHoldId()));
        assertThat(canceled.status()).isEqualTo(LegalHoldStatus.CANCELED);
        assertThat(canceled.cancellationDate()).isEqualTo(release);
        assertThat(canceled.cancelDescription()).isEqualTo("Investigation closed");

        hokan.setClock(created.plus(Duration.ofDays(1)).plus(WINDOW).plusSeconds(1));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                pointCount("non-legal-hold") == 0 && pointCount("vault-lock") == 0);
        assertThat(status("legal-hold", held)).as("its retention stood still for 29 h 20 min")
                .isEqualTo(RecoveryPointStatus.COMPLETED);
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("legal-hold").recoveryPointArn(held))
                .calculatedLifecycle().deleteAt()).as("as seed 002 saw, the expiry date shown does not move")
                .isEqualTo(created.plus(Duration.ofDays(1)));
        Map<String, JsonNode> deletions = deletionEvents();
        assertThat(deletions).containsKeys(plain, locked).doesNotContainKey(held);
        assertThat(deletions.get(locked).get("Actor").stringValue()).isEqualTo(Actor.SERVICE);
        assertThat(deletions.get(locked).get("Details").get("BackupVaultName").stringValue()).isEqualTo("vault-lock");
        assertThat(deletions.get(plain).get("Actor").stringValue()).isEqualTo(Actor.SERVICE);
        // the seed's question to CloudTrail, who deleted the vault-lock backup and when, is one lookup
        var lookup = hokan.signed("GET", "/hokan/v1/events?type=BackupDeleted&resourceArn="
                + java.net.URLEncoder.encode(locked, java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
        JsonNode deletion = JSON.readTree(lookup.body()).get("Events").valueStream().collect(
                Collectors.collectingAndThen(Collectors.toList(), events -> {
                    assertThat(events).hasSize(1);
                    return events.getFirst();
                }));
        assertThat(deletion.get("Actor").stringValue()).isEqualTo(Actor.SERVICE);
        assertThat(Instant.ofEpochSecond(deletion.get("EventTime").asLong()))
                .isAfter(created.plus(Duration.ofDays(1))).isBefore(hokan.server.engine().clock().now().plusSeconds(1));

        // 23 h 58 min of retention were left when the hold began; they run from the release
        Instant due = release.plus(Duration.ofDays(1)).minus(Duration.ofMinutes(2));
        hokan.setClock(due.minusSeconds(1));
        assertThat(status("legal-hold", held)).isEqualTo(RecoveryPointStatus.COMPLETED);
        hokan.setClock(due.plus(WINDOW).plusSeconds(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> pointCount("legal-hold") == 0);
        assertThat(deletionEvents().get(held).get("Actor").stringValue()).isEqualTo(Actor.SERVICE);
    }

    private static String oneDayBackup(String vault, String resourceArn) {
        backup.createBackupVault(r -> r.backupVaultName(vault));
        String jobId = backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(l -> l.deleteAfterDays(1L))).backupJobId();
        DescribeBackupJobResponse job = BackupRestoreTest.awaitBackupOn(backup, jobId);
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return job.recoveryPointArn();
    }

    private static long pointCount(String vault) {
        return backup.describeBackupVault(r -> r.backupVaultName(vault)).numberOfRecoveryPoints();
    }

    private static RecoveryPointStatus status(String vault, String pointArn) {
        try {
            return backup.describeRecoveryPoint(r -> r.backupVaultName(vault).recoveryPointArn(pointArn)).status();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** BackupDeleted events from GET /hokan/v1/events, by recovery point ARN. */
    static Map<String, JsonNode> deletionEvents() {
        var response = hokan.signed("GET", "/hokan/v1/events?type=BackupDeleted", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = JSON.readTree(response.body()).get("Events").valueStream().toList();
        return events.stream().collect(Collectors.toMap(e -> e.get("ResourceArn").stringValue(), e -> e));
    }

    static void assertRefused(ThrowingCallable call, Class<? extends BackupException> type, String message) {
        BackupException e = catchThrowableOfType(type, call);
        assertThat(e).as("refused with " + type.getSimpleName()).isNotNull();
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
}
