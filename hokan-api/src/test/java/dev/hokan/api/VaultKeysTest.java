package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.LegalHoldStatus;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;

/**
 * Vaults sealed under their own KMS keys, end to end: CreateBackupVault with an alias, what the vault and its points
 * show, rotation with restores across a restart, a disabled key stopping backups and restores until enabled again,
 * deletion refused while held or locked points depend on the key, and a deleted key leaving its points unreadable
 * while other vaults restore; a logically air-gapped vault under a customer key, as AWS allows.
 */
class VaultKeysTest {
    @TempDir
    static Path dir;
    static TestServer hokan;

    @BeforeAll
    static void start() {
        assumeTrue(AwsCliTest.awsExecutable() != null, "the aws CLI is not installed");
        hokan = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hokan != null) {
            hokan.close();
        }
    }

    static JsonNode kms(String... args) throws Exception {
        return kmsAt(hokan, dir, args);
    }

    /** {@code aws kms ARGS} against {@code server} as the root credentials; its answer, if any. */
    static JsonNode kmsAt(TestServer server, Path dir, String... args) throws Exception {
        AwsCliTest.Result result = AwsCliTest.awsServiceAt(server.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "us-east-1", dir, "kms", args);
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out().isBlank() ? null : result.json();
    }

    static String createKey(String alias) throws Exception {
        String arn = kms("create-key", "--description", alias).get("KeyMetadata").get("Arn").asString();
        kms("create-alias", "--alias-name", "alias/" + alias, "--target-key-id", arn);
        return arn;
    }

    static DescribeBackupJobResponse backUp(String vault, String resourceArn) {
        String job = hokan.backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        return BackupRestoreTest.awaitBackupOn(hokan.backup, job);
    }

    static DescribeRestoreJobResponse restore(String pointArn, Path target) {
        String job = hokan.backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        return BackupRestoreTest.awaitRestoreOn(hokan.backup, job);
    }

    static String completed(DescribeBackupJobResponse job) {
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return job.recoveryPointArn();
    }

    @Test
    void aVaultUnderItsOwnKeyRotatesRefusesWhileDisabledAndIsShreddedWithIt() throws Exception {
        String key = createKey("web-vault");
        hokan.backup.createBackupVault(r -> r.backupVaultName("keyed").encryptionKeyArn("alias/web-vault"));
        hokan.backup.createBackupVault(r -> r.backupVaultName("plain"));
        var keyed = hokan.backup.describeBackupVault(r -> r.backupVaultName("keyed"));
        assertThat(keyed.encryptionKeyArn()).isEqualTo(key);
        assertThat(keyed.encryptionKeyTypeAsString()).isEqualTo("CUSTOMER_MANAGED_KMS_KEY");
        assertThat(hokan.backup.listBackupVaults(r -> r.maxResults(10)).backupVaultList())
                .filteredOn(v -> v.backupVaultName().equals("plain"))
                .extracting(BackupVaultListMember::encryptionKeyTypeAsString).containsExactly("AWS_OWNED_KMS_KEY");
        assertThatThrownBy(() -> hokan.backup.createBackupVault(r -> r.backupVaultName("nokey")
                .encryptionKeyArn("alias/missing"))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("NotFoundException");

        Path site = Trees.sample(dir.resolve("site"), 7);
        String resource = hokan.registerDirectory("site", site, "{}");
        String before = completed(backUp("keyed", resource));
        String plainPoint = completed(backUp("plain", resource));
        var point = hokan.backup.describeRecoveryPoint(r -> r.backupVaultName("keyed").recoveryPointArn(before));
        assertThat(point.encryptionKeyArn()).isEqualTo(key);
        assertThat(point.encryptionKeyTypeAsString()).isEqualTo("CUSTOMER_MANAGED_KMS_KEY");

        // points sealed before and after a rotation, and a vault sealed under the new version, restore after a
        // restart, when every vault's keys are opened again from storage
        kms("rotate-key-on-demand", "--key-id", key);
        hokan.backup.createBackupVault(r -> r.backupVaultName("keyed-later").encryptionKeyArn(key));
        String after = completed(backUp("keyed", resource));
        String later = completed(backUp("keyed-later", resource));
        restart();
        for (String p : new String[]{before, after, later}) {
            Path target = dir.resolve("restored-" + p.substring(p.lastIndexOf(':') + 1));
            assertThat(restore(p, target).status()).isEqualTo(RestoreJobStatus.COMPLETED);
            Trees.assertSameTree(site, target);
        }

        kms("disable-key", "--key-id", "alias/web-vault");
        DescribeBackupJobResponse refused = backUp("keyed", resource);
        assertThat(refused.state()).isEqualTo(BackupJobState.FAILED);
        assertThat(refused.statusMessage()).contains(key).contains("DisabledException");
        DescribeRestoreJobResponse unreadable = restore(before, dir.resolve("while-disabled"));
        assertThat(unreadable.status()).isEqualTo(RestoreJobStatus.FAILED);
        assertThat(unreadable.statusMessage()).contains("DisabledException");
        kms("enable-key", "--key-id", "alias/web-vault");
        completed(backUp("keyed", resource));

        // a held point, or a vault locked in compliance mode, keeps its key from deletion
        String holdId = hokan.backup.createLegalHold(r -> r.title("audit").description("keep")
                .recoveryPointSelection(s -> s.vaultNames("keyed"))).legalHoldId();
        await().atMost(Duration.ofSeconds(60)).until(() -> hokan.backup.getLegalHold(r -> r.legalHoldId(holdId))
                .status() == LegalHoldStatus.ACTIVE);
        AwsCliTest.Result held = AwsCliTest.awsServiceAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "us-east-1", dir, "kms", "schedule-key-deletion", "--key-id", key,
                "--pending-window-in-days", "7");
        assertThat(held.err()).contains("(KMSInvalidStateException)").contains("legal hold " + holdId);
        hokan.backup.cancelLegalHold(r -> r.legalHoldId(holdId).cancelDescription("done"));
        await().atMost(Duration.ofSeconds(60)).until(() -> hokan.backup.getLegalHold(r -> r.legalHoldId(holdId))
                .status() == LegalHoldStatus.CANCELED);

        String lockedKey = createKey("locked-vault");
        hokan.backup.createBackupVault(r -> r.backupVaultName("locked").encryptionKeyArn(lockedKey));
        completed(backUp("locked", resource));
        hokan.backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("locked").minRetentionDays(1L)
                .changeableForDays(3L));
        AwsCliTest.Result locked = AwsCliTest.awsServiceAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "us-east-1", dir, "kms", "schedule-key-deletion", "--key-id", lockedKey);
        assertThat(locked.err()).contains("(KMSInvalidStateException)").contains("backup vault locked is locked in"
                + " compliance mode");

        // once the waiting period has passed the key is destroyed: its vault's points are unreadable for ever,
        // other vaults restore
        kms("schedule-key-deletion", "--key-id", key, "--pending-window-in-days", "7");
        hokan.advanceClock(Duration.ofDays(8));
        DescribeRestoreJobResponse shredded = restore(later, dir.resolve("after-deletion"));
        assertThat(shredded.status()).isEqualTo(RestoreJobStatus.FAILED);
        assertThat(shredded.statusMessage()).contains(key).contains("NotFoundException");
        Path plainTarget = dir.resolve("plain-after-deletion");
        assertThat(restore(plainPoint, plainTarget).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(site, plainTarget);
    }

    @Test
    void anAirGappedVaultIsSealedUnderTheCustomerKeyItNamesWhichItsLockKeepsFromDeletion() throws Exception {
        assertThatThrownBy(() -> hokan.backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-nokey")
                .minRetentionDays(7L).maxRetentionDays(60L).encryptionKeyArn("alias/missing")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("NotFoundException");
        String key = createKey("gap-vault");
        String gapArn = hokan.backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-keyed")
                .minRetentionDays(7L).maxRetentionDays(60L).encryptionKeyArn("alias/gap-vault")).backupVaultArn();
        var gap = hokan.backup.describeBackupVault(r -> r.backupVaultName("gap-keyed"));
        assertThat(gap.encryptionKeyArn()).isEqualTo(key);
        assertThat(gap.encryptionKeyTypeAsString()).isEqualTo("CUSTOMER_MANAGED_KMS_KEY");

        hokan.backup.createBackupVault(r -> r.backupVaultName("gap-keyed-source"));
        Path ledger = Trees.sample(dir.resolve("gap-ledger"), 5);
        String point = completed(backUp("gap-keyed-source", hokan.registerDirectory("gap-ledger", ledger, "{}")));
        String copyJob = hokan.backup.startCopyJob(r -> r.recoveryPointArn(point)
                .sourceBackupVaultName("gap-keyed-source").destinationBackupVaultArn(gapArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(l -> l.deleteAfterDays(30L))).copyJobId();
        var copied = CopyJobTest.awaitCopyOn(hokan.backup, copyJob);
        assertThat(copied.state()).as(copied.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        String kept = copied.destinationRecoveryPointArn();
        assertThat(hokan.backup.describeRecoveryPoint(r -> r.backupVaultName("gap-keyed").recoveryPointArn(kept))
                .encryptionKeyArn()).isEqualTo(key);
        Path target = dir.resolve("gap-ledger-restored");
        assertThat(restore(kept, target).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(ledger, target);

        AwsCliTest.Result refused = AwsCliTest.awsServiceAt(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "us-east-1", dir, "kms", "schedule-key-deletion", "--key-id", key);
        assertThat(refused.err()).contains("(KMSInvalidStateException)").contains("backup vault gap-keyed is locked"
                + " in compliance mode");
    }

    private static void restart() throws Exception {
        hokan.close();
        hokan = TestServer.start(dir.resolve("data"));
    }
}
