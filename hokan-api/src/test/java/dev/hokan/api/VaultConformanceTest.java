package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/** Vaults and recovery points: every member of the model's answers, with the reason for each one left out. */
class VaultConformanceTest extends ConformanceTestBase {
    private static final Map<String, String> NOT_HERE = Map.ofEntries(
            Map.entry("DescribeBackupVaultOutput.SourceBackupVaultArn", "only logically air-gapped vaults have one"),
            Map.entry("DescribeBackupVaultOutput.MpaApprovalTeamArn", "Hokan has no multi-party approval"),
            Map.entry("DescribeBackupVaultOutput.MpaSessionArn", "Hokan has no multi-party approval"),
            Map.entry("DescribeBackupVaultOutput.LatestMpaApprovalTeamUpdate", "Hokan has no multi-party approval"),
            Map.entry("DescribeRecoveryPointOutput.SourceBackupVaultArn", "only copies have one"),
            Map.entry("RecoveryPointByBackupVault.SourceBackupVaultArn", "only copies have one"),
            Map.entry("DescribeRecoveryPointOutput.CreatedBy", "an on-demand backup has no plan"),
            Map.entry("RecoveryPointByBackupVault.CreatedBy", "an on-demand backup has no plan"),
            Map.entry("DescribeRecoveryPointOutput.StatusMessage", "a complete recovery point has nothing to report"),
            Map.entry("RecoveryPointByBackupVault.StatusMessage", "a complete recovery point has nothing to report"),
            Map.entry("RecoveryPointByResource.StatusMessage", "a complete recovery point has nothing to report"),
            Map.entry("DescribeRecoveryPointOutput.ParentRecoveryPointArn", "Hokan makes no composite points"),
            Map.entry("RecoveryPointByBackupVault.ParentRecoveryPointArn", "Hokan makes no composite points"),
            Map.entry("RecoveryPointByResource.ParentRecoveryPointArn", "Hokan makes no composite points"),
            Map.entry("DescribeRecoveryPointOutput.CompositeMemberIdentifier", "Hokan makes no composite points"),
            Map.entry("RecoveryPointByBackupVault.CompositeMemberIdentifier", "Hokan makes no composite points"),
            Map.entry("DescribeRecoveryPointOutput.IndexStatus", "Hokan has no backup indexes"),
            Map.entry("DescribeRecoveryPointOutput.IndexStatusMessage", "Hokan has no backup indexes"),
            Map.entry("RecoveryPointByBackupVault.IndexStatus", "Hokan has no backup indexes"),
            Map.entry("RecoveryPointByBackupVault.IndexStatusMessage", "Hokan has no backup indexes"),
            Map.entry("RecoveryPointByResource.IndexStatus", "Hokan has no backup indexes"),
            Map.entry("RecoveryPointByResource.IndexStatusMessage", "Hokan has no backup indexes"),
            Map.entry("DescribeRecoveryPointOutput.ScanResults", "Hokan has no malware scanning"),
            Map.entry("RecoveryPointByBackupVault.AggregatedScanResult", "Hokan has no malware scanning"),
            Map.entry("RecoveryPointByResource.AggregatedScanResult", "Hokan has no malware scanning"));

    @Test
    void pointsAreNeitherContinuousNorPartOfACompositeSoTheyCannotBeDisassociated() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("associated"));
        String resource = hokan.registerDirectory("associated", Trees.sample(dir.resolve("associated"), 6), "{}");
        String point = BackupRestoreTest.backupNow("associated", resource, null);
        AwsCliTest.findCli();
        AwsCliTest.Result continuous = AwsCliTest.aws("disassociate-recovery-point", "--backup-vault-name",
                "associated", "--recovery-point-arn", point);
        assertThat(continuous.exit()).isNotZero();
        assertThat(continuous.err()).contains("InvalidRequestException")
                .contains("is a snapshot backup; only continuous backups can be disassociated");
        AwsCliTest.Result child = AwsCliTest.aws("disassociate-recovery-point-from-parent", "--backup-vault-name",
                "associated", "--recovery-point-arn", point);
        assertThat(child.err()).contains("InvalidRequestException").contains("is not part of a composite");
        AwsCliTest.Result missing = AwsCliTest.aws("disassociate-recovery-point", "--backup-vault-name",
                "associated", "--recovery-point-arn", point.replaceFirst(":recovery-point:.*",
                        ":recovery-point:00000000-0000-0000-0000-000000000000"));
        assertThat(missing.err()).contains("ResourceNotFoundException");
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("associated")).numberOfRecoveryPoints())
                .isEqualTo(1);
    }

    @Test
    void vaultsAndRecoveryPointsAnswerEveryMemberOfTheModel() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("conformance").creatorRequestId("conformance-1"));
        backup.putBackupVaultLockConfiguration(r -> r.backupVaultName("conformance").minRetentionDays(1L)
                .maxRetentionDays(3650L).changeableForDays(3L));
        String resource = hokan.registerDirectory("conformance", Trees.sample(dir.resolve("conformance"), 3), "{}");
        String point = BackupRestoreTest.backupNow("conformance", resource, Lifecycle.builder()
                .moveToColdStorageAfterDays(30L).deleteAfterDays(365L).build());
        String restore = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", dir.resolve("conformance-restored").toString()))).restoreJobId();
        assertThat(BackupRestoreTest.awaitRestore(restore).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        hokan.advanceClock(Duration.ofDays(4));

        var vault = assertConforms("DescribeBackupVault", "/backup-vaults/conformance", NOT_HERE);
        assertThat(vault.get("EncryptionKeyType").stringValue()).isEqualTo("AWS_OWNED_KMS_KEY");
        assertConforms("ListBackupVaults", "/backup-vaults/", NOT_HERE);
        var described = assertConforms("DescribeRecoveryPoint", "/backup-vaults/conformance/recovery-points/"
                + encoded(point), NOT_HERE);
        assertThat(described.get("EncryptionKeyType").stringValue()).isEqualTo("AWS_OWNED_KMS_KEY");
        assertConforms("ListRecoveryPointsByBackupVault", "/backup-vaults/conformance/recovery-points/", NOT_HERE);
        var byResource = assertConforms("ListRecoveryPointsByResource", "/resources/" + encoded(resource)
                + "/recovery-points/", NOT_HERE);
        assertThat(byResource.get("RecoveryPoints").get(0).get("EncryptionKeyType").stringValue())
                .isEqualTo("AWS_OWNED_KMS_KEY");
    }
}
