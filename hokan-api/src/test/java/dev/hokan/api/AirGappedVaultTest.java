package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.CreateLogicallyAirGappedBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.VaultState;
import software.amazon.awssdk.services.backup.model.VaultType;

/**
 * Logically air-gapped vaults through the SDK: compliance-locked from their creation, stored apart from the other
 * vaults, and written only by copy.
 */
class AirGappedVaultTest extends ServerTestBase {

    private static CreateLogicallyAirGappedBackupVaultResponse airGapped(String name) {
        return backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName(name).minRetentionDays(7L)
                .maxRetentionDays(60L).creatorRequestId("create-" + name).backupVaultTags(Map.of("tier", "gap")));
    }

    private static Lifecycle deleteAfter(long days) {
        return Lifecycle.builder().deleteAfterDays(days).build();
    }

    @Test
    void anAirGappedVaultIsCompliantLockedFromItsCreationAndListedByItsType() {
        CreateLogicallyAirGappedBackupVaultResponse created = airGapped("gap-described");
        assertThat(created.backupVaultArn()).isEqualTo("arn:aws:backup:us-east-1:000000000000:backup-vault:gap-described");
        assertThat(created.vaultState()).isEqualTo(VaultState.AVAILABLE);
        assertThat(airGapped("gap-described").creationDate()).as("a retry with its CreatorRequestId")
                .isEqualTo(created.creationDate());

        DescribeBackupVaultResponse described = backup.describeBackupVault(r -> r.backupVaultName("gap-described"));
        assertThat(described.vaultType()).isEqualTo(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT);
        assertThat(described.vaultState()).isEqualTo(VaultState.AVAILABLE);
        assertThat(described.locked()).isTrue();
        assertThat(described.minRetentionDays()).isEqualTo(7L);
        assertThat(described.maxRetentionDays()).isEqualTo(60L);
        assertThat(described.lockDate()).as("no grace time").isEqualTo(created.creationDate());
        assertThat(described.encryptionKeyTypeAsString()).isEqualTo("AWS_OWNED_KMS_KEY");
        assertThat(described.creatorRequestId()).isEqualTo("create-gap-described");
        assertThat(backup.listTags(r -> r.resourceArn(created.backupVaultArn())).tags()).containsEntry("tier", "gap");

        backup.createBackupVault(r -> r.backupVaultName("plain-listed"));
        assertThat(backup.listBackupVaults(r -> r.byVaultType(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT))
                .backupVaultList()).extracting(BackupVaultListMember::backupVaultName).contains("gap-described")
                .doesNotContain("plain-listed");
        assertThat(backup.listBackupVaults(r -> r.byVaultType(VaultType.BACKUP_VAULT)).backupVaultList())
                .extracting(BackupVaultListMember::backupVaultName).contains("plain-listed")
                .doesNotContain("gap-described");
        assertThat(backup.listBackupVaults(r -> r.byVaultType(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT))
                .backupVaultList()).filteredOn(v -> v.backupVaultName().equals("gap-described")).singleElement()
                .satisfies(v -> {
                    assertThat(v.vaultType()).isEqualTo(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT);
                    assertThat(v.lockDate()).isEqualTo(created.creationDate());
                });

        assertThatThrownBy(() -> backup.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("gap-described")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("compliance mode");
        assertThatThrownBy(() -> backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("gap-described")
                .minRetentionDays(1L))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("compliance mode");
    }

    @Test
    void itsStorageLiesApartFromTheOtherVaults() {
        airGapped("gap-apart");
        Path data = dir.resolve("data");
        assertThat(data.resolve("air-gapped/vaults/gap-apart/hokan-vault")).exists();
        assertThat(data.resolve("vaults/gap-apart")).doesNotExist();
        backup.deleteBackupVault(r -> r.backupVaultName("gap-apart"));
        assertThat(data.resolve("air-gapped/vaults/gap-apart")).doesNotExist();
    }

    @Test
    void badRetentionsAndKeysAreRefused() {
        assertThatThrownBy(() -> backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-bad")
                .maxRetentionDays(30L))).isInstanceOf(MissingParameterValueException.class)
                .hasMessageContaining("MinRetentionDays");
        assertThatThrownBy(() -> backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-bad")
                .minRetentionDays(3L).maxRetentionDays(30L))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MinRetentionDays must be between 7");
        assertThatThrownBy(() -> backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-bad")
                .minRetentionDays(30L).maxRetentionDays(10L))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MaxRetentionDays");
        assertThatThrownBy(() -> backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-bad")
                .minRetentionDays(7L).maxRetentionDays(10L).encryptionKeyArn("arn:aws:kms:us-east-1:111111111111:key/"
                        + "0b7c6a59-4f3e-4c1b-9d2a-7a1e5c3f8e21"))).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("EncryptionKeyArn");
        backup.createBackupVault(r -> r.backupVaultName("gap-taken"));
        assertThatThrownBy(() -> backup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-taken")
                .minRetentionDays(7L).maxRetentionDays(10L))).hasMessageContaining("already exists");
        assertThat(backup.listBackupVaults(r -> r.byVaultType(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT))
                .backupVaultList()).extracting(BackupVaultListMember::backupVaultName).doesNotContain("gap-bad");
    }

    @Test
    void itTakesDataOnlyByCopyAndKeepsItForItsWholeRetention() throws Exception {
        String gapArn = airGapped("gap-copies").backupVaultArn();
        backup.createBackupVault(r -> r.backupVaultName("gap-source"));
        Path source = Trees.sample(dir.resolve("ledger"), 5);
        String resource = hokan.registerDirectory("ledger", source, "{}");

        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("gap-copies").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE).lifecycle(deleteAfter(30)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("takes recovery points only by copy");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("into-gap")
                .rules(rule -> rule.ruleName("daily").targetBackupVaultName("gap-copies")))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Error in rule daily").hasMessageContaining("only by copy");

        String point = BackupRestoreTest.backupNow("gap-source", resource, deleteAfter(400));
        CopyJob forever = CopyJobTest.copy(point, "gap-source", gapArn, null);
        assertThat(forever.state()).isEqualTo(CopyJobState.FAILED);
        assertThat(forever.statusMessage()).contains("at most 60 days");
        CopyJob copied = CopyJobTest.copy(point, "gap-source", gapArn, deleteAfter(30));
        assertThat(copied.state()).as(copied.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        assertThat(copied.destinationVaultType()).isEqualTo("LOGICALLY_AIR_GAPPED_BACKUP_VAULT");
        String kept = copied.destinationRecoveryPointArn();
        assertThat(backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("gap-copies")).recoveryPoints())
                .singleElement().satisfies(p -> assertThat(p.vaultType())
                        .isEqualTo(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT));

        assertThatThrownBy(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("gap-copies")
                .recoveryPointArn(kept))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("active vault lock");
        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("gap-copies")
                .recoveryPointArn(kept).lifecycle(deleteAfter(8)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("cannot be shortened");
        assertThatThrownBy(() -> backup.deleteBackupVault(r -> r.backupVaultName("gap-copies")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("contains recovery points");

        Path target = dir.resolve("ledger-restored");
        String restore = backup.startRestoreJob(r -> r.recoveryPointArn(kept)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        var restored = BackupRestoreTest.awaitRestore(restore);
        assertThat(restored.status()).as(restored.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, target);
        assertThat(Files.list(dir.resolve("data/air-gapped/vaults/gap-copies"))).isNotEmpty();
    }
}
