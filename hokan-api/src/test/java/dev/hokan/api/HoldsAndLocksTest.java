package dev.hokan.api;

import static dev.hokan.api.Seed002Test.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.InvalidResourceStateException;
import software.amazon.awssdk.services.backup.model.LegalHold;
import software.amazon.awssdk.services.backup.model.LegalHoldStatus;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.LimitExceededException;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.backup.model.RecoveryPointMember;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

class HoldsAndLocksTest extends ServerTestBase {
    static final String LOCK_REFUSAL = "Recovery points cannot be deleted because this Backup vault has an active"
            + " vault lock.";

    @Test
    void aComplianceLockCanBeChangedDuringItsGraceTimeAndByNobodyAfterIt() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("compliance"));
        String ledger = hokan.registerDirectory("ledger", Trees.sample(dir.resolve("ledger"), 11), "{}");
        String beforeLock = BackupRestoreTest.backupNow("compliance", ledger, days(1));
        Instant setAt = now();
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("compliance").minRetentionDays(7L)
                .maxRetentionDays(30L).changeableForDays(3L));
        var vault = backup.describeBackupVault(r -> r.backupVaultName("compliance"));
        assertThat(vault.locked()).isTrue();
        assertThat(vault.lockDate()).isEqualTo(setAt.plus(Duration.ofDays(3)));
        assertThat(vault.minRetentionDays()).isEqualTo(7L);
        assertThat(vault.maxRetentionDays()).isEqualTo(30L);
        assertThat(hokan.signed("GET", "/hokan/v1/events?type=VaultLockSet", null).body()).as("local disk has no"
                + " Object Lock").contains("\"StorageProtection\":\"none: the storage of vault compliance");

        DescribeBackupJobResponse tooShort = backupJob("compliance", ledger, days(1));
        assertThat(tooShort.state()).isEqualTo(BackupJobState.FAILED);
        assertThat(tooShort.statusMessage()).isEqualTo("Backup vault compliance has a vault lock that keeps"
                + " recovery points at least 7 days, but this lifecycle has DeleteAfterDays 1; give the backup a"
                + " retention the vault lock allows, or back up into another vault");
        DescribeBackupJobResponse forever = backupJob("compliance", ledger, null);
        assertThat(forever.state()).isEqualTo(BackupJobState.FAILED);
        assertThat(forever.statusMessage()).contains("at most 30 days").contains("forever");
        String inRange = BackupRestoreTest.backupNow("compliance", ledger, days(10));

        assertRefused(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("compliance")
                .recoveryPointArn(beforeLock)), InvalidRequestException.class, LOCK_REFUSAL);
        assertThat(backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("compliance").recoveryPointArn(inRange)
                .lifecycle(l -> l.deleteAfterDays(20L))).lifecycle().deleteAfterDays()).isEqualTo(20L);
        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("compliance")
                .recoveryPointArn(inRange).lifecycle(l -> l.deleteAfterDays(8L))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be shortened");
        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("compliance")
                .recoveryPointArn(inRange).lifecycle(l -> l.deleteAfterDays(40L))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 30 days");

        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("compliance").minRetentionDays(1L)
                .changeableForDays(3L));
        backup.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("compliance"));
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("compliance")).locked()).isFalse();
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("compliance").minRetentionDays(7L)
                .maxRetentionDays(30L).changeableForDays(3L));

        hokan.advanceClock(Duration.ofDays(3));
        assertRefused(() -> backup.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("compliance")),
                InvalidRequestException.class, "The vault lock of backup vault compliance is in compliance mode and"
                        + " became immutable on " + setAt.plus(Duration.ofDays(3))
                        + ": nobody can change or delete it");
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("compliance")
                .minRetentionDays(1L))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("immutable");
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("compliance")
                .minRetentionDays(8L).maxRetentionDays(30L).changeableForDays(3L)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("immutable");
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("compliance")).minRetentionDays()).isEqualTo(7L);

        await().atMost(Duration.ofSeconds(60)).until(() -> pointCount("compliance") == 1);
        assertThatThrownBy(() -> backup.describeRecoveryPoint(r -> r.backupVaultName("compliance")
                .recoveryPointArn(beforeLock))).as("lifecycle expiry still deletes in a locked vault")
                .isInstanceOf(ResourceNotFoundException.class);
        assertRefused(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("compliance")
                .recoveryPointArn(inRange)), InvalidRequestException.class, LOCK_REFUSAL);
        assertThatThrownBy(() -> backup.deleteBackupVault(r -> r.backupVaultName("compliance")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aGovernanceLockCanBeChangedAndRemovedAtAnyTime() {
        backup.createBackupVault(r -> r.backupVaultName("governance"));
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("governance")
                .changeableForDays(2L))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("ChangeableForDays must be between 3");
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("governance")
                .minRetentionDays(10L).maxRetentionDays(5L))).isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("governance")
                .minRetentionDays(0L))).isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("no-such-vault")
                .minRetentionDays(1L))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> backup.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("governance")))
                .isInstanceOf(ResourceNotFoundException.class);

        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("governance").minRetentionDays(2L));
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("governance")).lockDate()).isNull();
        hokan.advanceClock(Duration.ofDays(30));
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("governance").maxRetentionDays(10L));
        assertThat(backup.listBackupVaults(r -> r.build()).backupVaultList())
                .filteredOn(v -> v.backupVaultName().equals("governance")).singleElement()
                .satisfies(v -> {
                    assertThat(v.locked()).isTrue();
                    assertThat(v.minRetentionDays()).isNull();
                    assertThat(v.maxRetentionDays()).isEqualTo(10L);
                });
        backup.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("governance"));
        var unlocked = backup.describeBackupVault(r -> r.backupVaultName("governance"));
        assertThat(unlocked.locked()).isFalse();
        assertThat(unlocked.maxRetentionDays()).isNull();

        var events = hokan.signed("GET", "/hokan/v1/events?type=VaultLockRemoved", null);
        assertThat(events.body()).contains("backup-vault:governance").contains("arn:aws:iam::000000000000:root");
    }

    @Test
    void aLegalHoldTakesInOnlyThePointsThatExistWhenItIsCreated() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("evidence"));
        String mailbox = hokan.registerDirectory("mailbox", Trees.sample(dir.resolve("mailbox"), 12), "{}");
        String files = hokan.registerDirectory("files", Trees.sample(dir.resolve("files"), 13), "{}");
        String a1 = BackupRestoreTest.backupNow("evidence", mailbox, days(2));
        String b1 = BackupRestoreTest.backupNow("evidence", files, days(2));
        var byArn = backup.createLegalHold(r -> r.title("mailbox").description("the mailbox only")
                .recoveryPointSelection(s -> s.resourceIdentifiers(mailbox)).tags(Map.of("case", "42")));
        var byType = backup.createLegalHold(r -> r.title("directories").description("every directory in evidence")
                .recoveryPointSelection(s -> s.vaultNames("evidence").resourceIdentifiers("Directory")));
        String a2 = BackupRestoreTest.backupNow("evidence", mailbox, days(2));
        assertThat(pointsOf(byArn.legalHoldId())).containsExactly(a1);
        assertThat(pointsOf(byType.legalHoldId())).containsExactlyInAnyOrder(a1, b1);
        assertThat(backup.listTags(r -> r.resourceArn(byArn.legalHoldArn())).tags()).containsEntry("case", "42");

        assertThatThrownBy(() -> backup.cancelLegalHold(r -> r.legalHoldId(byArn.legalHoldId())
                .cancelDescription("too early"))).isInstanceOf(InvalidResourceStateException.class);
        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("evidence")
                .recoveryPointArn(a1).lifecycle(l -> l.deleteAfterDays(1L))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not shortened");
        backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("evidence").recoveryPointArn(a1)
                .lifecycle(l -> l.deleteAfterDays(3L)));
        hokan.advanceClock(Duration.ofSeconds(1));
        assertThat(backup.listLegalHoldsPaginator(r -> r.maxResults(1)).legalHolds().stream()
                .filter(h -> h.legalHoldId().equals(byArn.legalHoldId())
                        || h.legalHoldId().equals(byType.legalHoldId())))
                .extracting(LegalHold::status).containsExactly(LegalHoldStatus.ACTIVE, LegalHoldStatus.ACTIVE);

        hokan.advanceClock(Duration.ofDays(4));
        await().atMost(Duration.ofSeconds(60)).until(() -> pointCount("evidence") == 2);
        assertThat(pointsOf(byArn.legalHoldId())).containsExactly(a1);
        assertThatThrownBy(() -> backup.describeRecoveryPoint(r -> r.backupVaultName("evidence").recoveryPointArn(a2)))
                .as("a later backup is not held").isInstanceOf(ResourceNotFoundException.class);

        backup.cancelLegalHold(r -> r.legalHoldId(byArn.legalHoldId()).cancelDescription("mailbox cleared"));
        hokan.advanceClock(Duration.ofSeconds(1));
        assertThat(backup.getLegalHold(r -> r.legalHoldId(byArn.legalHoldId())).status())
                .isEqualTo(LegalHoldStatus.CANCELED);
        assertRefused(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("evidence").recoveryPointArn(a1)),
                InvalidRequestException.class, "Recovery point " + a1
                        + " cannot be deleted because it has active legal hold(s).");

        Instant released = now();
        backup.cancelLegalHold(r -> r.legalHoldId(byType.legalHoldId()).cancelDescription("case closed")
                .retainRecordInDays(1L));
        hokan.advanceClock(Duration.ofSeconds(1));
        var record = backup.getLegalHold(r -> r.legalHoldId(byType.legalHoldId()));
        assertThat(record.status()).isEqualTo(LegalHoldStatus.CANCELED);
        assertThat(record.retainRecordUntil()).isEqualTo(released.plus(Duration.ofDays(1)));
        assertThat(record.recoveryPointSelection().resourceIdentifiers()).containsExactly("Directory");
        backup.deleteRecoveryPoint(r -> r.backupVaultName("evidence").recoveryPointArn(b1));
        await().atMost(Duration.ofSeconds(60)).until(() -> pointCount("evidence") == 1);

        // a1 was held from its creation on, so all of its 3 days are left after the release
        hokan.advanceClock(Duration.ofDays(3).minusSeconds(2));
        assertThat(pointCount("evidence")).isEqualTo(1);
        assertThatThrownBy(() -> backup.getLegalHold(r -> r.legalHoldId(byType.legalHoldId())))
                .as("the record is kept for RetainRecordInDays").isInstanceOf(ResourceNotFoundException.class);
        assertThat(backup.getLegalHold(r -> r.legalHoldId(byArn.legalHoldId())).cancelDescription())
                .isEqualTo("mailbox cleared");
        hokan.advanceClock(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> pointCount("evidence") == 0);
    }

    @Test
    void aLegalHoldSettlesInWallTimeWhileTheManualClockStandsStill() {
        Instant standing = now();
        var hold = backup.createLegalHold(r -> r.title("still clock").description("no clock move")
                .recoveryPointSelection(s -> s.vaultNames("nothing-here")));
        assertThat(hold.status()).isEqualTo(LegalHoldStatus.CREATING);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                backup.getLegalHold(r -> r.legalHoldId(hold.legalHoldId())).status() == LegalHoldStatus.ACTIVE);
        backup.cancelLegalHold(r -> r.legalHoldId(hold.legalHoldId()).cancelDescription("done"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                backup.getLegalHold(r -> r.legalHoldId(hold.legalHoldId())).status() == LegalHoldStatus.CANCELED);
        assertThat(now()).as("nobody moved the clock").isEqualTo(standing);
    }

    @Test
    void anAccountHasAtMostFiftyLegalHoldsAndTokensMakeCreatingThemSafeToRetry() {
        long holding = backup.listLegalHoldsPaginator(r -> r.build()).legalHolds().stream()
                .filter(h -> h.status() != LegalHoldStatus.CANCELED).count();
        List<String> created = new ArrayList<>();
        String first = backup.createLegalHold(r -> r.title("hold 0").description("limit").idempotencyToken("hold-0")
                .recoveryPointSelection(s -> s.vaultNames("nothing-here"))).legalHoldId();
        created.add(first);
        assertThat(backup.createLegalHold(r -> r.title("hold 0").description("limit").idempotencyToken("hold-0")
                .recoveryPointSelection(s -> s.vaultNames("nothing-here"))).legalHoldId()).isEqualTo(first);
        assertThatThrownBy(() -> backup.createLegalHold(r -> r.title("hold 0'").description("limit")
                .idempotencyToken("hold-0"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("different parameters");
        while (holding + created.size() < 50) {
            created.add(backup.createLegalHold(r -> r.title("hold " + created.size()).description("limit")
                    .recoveryPointSelection(s -> s.vaultNames("nothing-here"))).legalHoldId());
        }
        assertThatThrownBy(() -> backup.createLegalHold(r -> r.title("one too many").description("limit")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("50");

        hokan.advanceClock(Duration.ofSeconds(1));
        // one cancel, then the check at once: a hold settles 5 s of wall time after its cancel, which cancelling all
        // fifty can take on a loaded machine
        backup.cancelLegalHold(r -> r.legalHoldId(first).cancelDescription("limit tested"));
        assertThatThrownBy(() -> backup.createLegalHold(r -> r.title("one too many").description("limit")))
                .as("CANCELING holds still count").isInstanceOf(LimitExceededException.class);
        created.stream().skip(1)
                .forEach(id -> backup.cancelLegalHold(r -> r.legalHoldId(id).cancelDescription("limit tested")));
        hokan.advanceClock(Duration.ofSeconds(1));
        String after = backup.createLegalHold(r -> r.title("after the limit").description("limit")
                .recoveryPointSelection(s -> s.vaultNames("nothing-here"))).legalHoldId();
        assertThat(backup.listRecoveryPointsByLegalHold(r -> r.legalHoldId(after)).recoveryPoints()).isEmpty();
        assertThatThrownBy(() -> backup.createLegalHold(r -> r.description("no title")))
                .isInstanceOf(MissingParameterValueException.class);
        assertThatThrownBy(() -> backup.getLegalHold(r -> r.legalHoldId("no-such-hold")))
                .isInstanceOf(ResourceNotFoundException.class);
        hokan.advanceClock(Duration.ofSeconds(1));
        backup.cancelLegalHold(r -> r.legalHoldId(after).cancelDescription("limit tested"));
        hokan.advanceClock(Duration.ofSeconds(1));
    }

    @Test
    void minusOneInBothDayCountsRemovesAPointsLifecycle() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("kept"));
        String arn = hokan.registerDirectory("kept", Trees.sample(dir.resolve("kept"), 14), "{}");
        String point = BackupRestoreTest.backupNow("kept", arn, days(5));
        var updated = backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("kept").recoveryPointArn(point)
                .lifecycle(l -> l.moveToColdStorageAfterDays(-1L).deleteAfterDays(-1L)));
        assertThat(updated.lifecycle()).isNull();
        assertThat(updated.calculatedLifecycle()).isNull();
        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("kept")
                .recoveryPointArn(point).lifecycle(l -> l.moveToColdStorageAfterDays(-1L).deleteAfterDays(5L))))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    private static Lifecycle days(long deleteAfterDays) {
        return Lifecycle.builder().deleteAfterDays(deleteAfterDays).build();
    }

    private static DescribeBackupJobResponse backupJob(String vault, String resourceArn, Lifecycle lifecycle) {
        String id = backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(lifecycle)).backupJobId();
        return BackupRestoreTest.awaitBackup(id);
    }

    private static List<String> pointsOf(String legalHoldId) {
        return backup.listRecoveryPointsByLegalHoldPaginator(r -> r.legalHoldId(legalHoldId).maxResults(1))
                .recoveryPoints().stream().map(RecoveryPointMember::recoveryPointArn).toList();
    }

    private static long pointCount(String vault) {
        return backup.describeBackupVault(r -> r.backupVaultName(vault)).numberOfRecoveryPoints();
    }

    private static Instant now() {
        return hokan.server.engine().clock().now();
    }
}
