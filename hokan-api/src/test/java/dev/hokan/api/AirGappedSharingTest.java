package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.CreateRestoreAccessBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreAccessBackupVaultListMember;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.VaultState;
import software.amazon.awssdk.services.backup.model.VaultType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An air-gapped vault shared with another account of the organisation: that account restores from it through a
 * restore access vault of its own once the owner shared it, and no longer once the owner revoked the access.
 */
class AirGappedSharingTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ROOT = "r-gap0example";

    private static CrossAccountCopyTest.Account owner;
    private static CrossAccountCopyTest.Account reader;
    private static CrossAccountCopyTest.Account stranger;
    private static Path source;
    private static String shared;
    private static String unshared;
    private static final Map<String, List<String>> SHARED_WITH = new HashMap<>();

    @BeforeAll
    static void organisation() throws Exception {
        owner = account("gap-owner");
        reader = account("gap-reader");
        stranger = account("gap-stranger");
        ok(hokan.signed("POST", "/hokan/v1/admin/organization", "{\"Id\":\"o-gap0example\",\"RootId\":\"" + ROOT
                + "\"}"));
        for (CrossAccountCopyTest.Account member : new CrossAccountCopyTest.Account[] {owner, reader}) {
            ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + member.id(), "{\"ParentId\":\"" + ROOT
                    + "\"}"));
        }
        BackupClient ownerBackup = owner.backup();
        ownerBackup.createBackupVault(r -> r.backupVaultName("work"));
        source = Trees.sample(dir.resolve("payroll"), 7);
        hokan.grantHostPath(owner.id(), source, "SOURCE");
        ok(owner.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":\"payroll\","
                + "\"Path\":\"" + source + "\",\"Tags\":{}}"));
        String job = ownerBackup.startBackupJob(r -> r.backupVaultName("work").iamRoleArn(TestServer.ROLE)
                .resourceArn("arn:aws:hokan:us-east-1:" + owner.id() + ":directory/payroll")).backupJobId();
        String point = BackupRestoreTest.awaitBackupOn(ownerBackup, job).recoveryPointArn();
        unshared = point;

        ownerBackup.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap").minRetentionDays(7L)
                .maxRetentionDays(90L));
        String copyJob = ownerBackup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("work")
                .destinationBackupVaultArn(owner.vaultArn("gap")).iamRoleArn(TestServer.ROLE)
                .lifecycle(Lifecycle.builder().deleteAfterDays(30L).build())).copyJobId();
        CopyJob copied = CopyJobTest.awaitCopyOn(ownerBackup, copyJob);
        assertThat(copied.state()).as(copied.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        shared = copied.destinationRecoveryPointArn();
    }

    @Test
    void anotherAccountRestoresFromTheVaultAfterSharingAndIsRefusedAfterRevocation() throws Exception {
        BackupClient readerBackup = reader.backup();
        BackupClient ownerBackup = owner.backup();
        String gap = owner.vaultArn("gap");
        assertDenied(() -> readerBackup.createRestoreAccessBackupVault(r -> r.sourceBackupVaultArn(gap)
                .backupVaultName("from-gap")), "backup:CreateRestoreAccessBackupVault");
        share("gap", reader.id());
        share("gap", stranger.id());
        assertDenied(() -> stranger.backup().createRestoreAccessBackupVault(r -> r.sourceBackupVaultArn(gap)),
                "not a member of the organization");
        assertThatThrownBy(() -> readerBackup.createRestoreAccessBackupVault(r -> r.sourceBackupVaultArn(
                owner.vaultArn("work")))).hasMessageContaining("not a logically air-gapped backup vault");

        CreateRestoreAccessBackupVaultResponse made = readerBackup.createRestoreAccessBackupVault(r -> r
                .sourceBackupVaultArn(gap).backupVaultName("from-gap").requesterComment("payroll audit")
                .creatorRequestId("access-1"));
        assertThat(made.restoreAccessBackupVaultArn()).isEqualTo(reader.vaultArn("from-gap"));
        assertThat(made.vaultState()).isEqualTo(VaultState.AVAILABLE);
        assertThat(made.restoreAccessBackupVaultName()).isEqualTo("from-gap");
        DescribeBackupVaultResponse described = readerBackup.describeBackupVault(r -> r.backupVaultName("from-gap"));
        assertThat(described.vaultType()).isEqualTo(VaultType.RESTORE_ACCESS_BACKUP_VAULT);
        assertThat(described.sourceBackupVaultArn()).isEqualTo(gap);
        assertThat(readerBackup.listBackupVaults(r -> r.byShared(true)).backupVaultList())
                .extracting(BackupVaultListMember::backupVaultName).containsExactly("from-gap");
        assertThat(ownerBackup.listRestoreAccessBackupVaults(r -> r.backupVaultName("gap")).restoreAccessBackupVaults())
                .extracting(RestoreAccessBackupVaultListMember::restoreAccessBackupVaultArn)
                .containsExactly(made.restoreAccessBackupVaultArn());

        assertThat(readerBackup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("from-gap")).recoveryPoints())
                .singleElement().satisfies((RecoveryPointByBackupVault p) -> {
                    assertThat(p.recoveryPointArn()).isEqualTo(shared);
                    assertThat(p.backupVaultName()).isEqualTo("from-gap");
                    assertThat(p.sourceBackupVaultArn()).isEqualTo(gap);
                    assertThat(p.vaultType()).isEqualTo(VaultType.RESTORE_ACCESS_BACKUP_VAULT);
                    assertThat(p.encryptionKeyArn()).as("its air-gapped vault's key")
                            .isEqualTo(ownerBackup.describeBackupVault(r -> r.backupVaultName("gap")).encryptionKeyArn());
                });
        DescribeRecoveryPointResponse through = readerBackup.describeRecoveryPoint(r -> r.backupVaultName("from-gap")
                .recoveryPointArn(shared));
        DescribeRecoveryPointResponse own = ownerBackup.describeRecoveryPoint(r -> r.backupVaultName("gap")
                .recoveryPointArn(shared));
        assertThat(through.recoveryPointArn()).isEqualTo(shared);
        assertThat(through.backupVaultName()).isEqualTo("from-gap");
        assertThat(through.backupVaultArn()).isEqualTo(reader.vaultArn("from-gap"));
        assertThat(through.sourceBackupVaultArn()).isEqualTo(gap);
        assertThat(through.vaultType()).isEqualTo(VaultType.RESTORE_ACCESS_BACKUP_VAULT);
        assertThat(own.vaultType()).as("as ListRecoveryPointsByBackupVault says")
                .isEqualTo(VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT);
        assertThat(through).usingRecursiveComparison().comparingOnlyFields("resourceArn", "resourceType",
                "creationDate", "completionDate", "backupSizeInBytes", "calculatedLifecycle", "encryptionKeyArn",
                "encryptionKeyType", "storageClass", "status").isEqualTo(own);
        assertThatThrownBy(() -> readerBackup.describeRecoveryPoint(r -> r.backupVaultName("from-gap")
                .recoveryPointArn(unshared))).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("which restore access backup vault from-gap reads");
        Path target = dir.resolve("payroll-restored");
        hokan.grantHostPath(reader.id(), target, "RESTORE");
        String restore = readerBackup.startRestoreJob(r -> r.recoveryPointArn(shared)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        var restored = BackupRestoreTest.awaitRestoreOn(readerBackup, restore);
        assertThat(restored.status()).as(restored.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, target);

        assertThatThrownBy(() -> readerBackup.deleteBackupVault(r -> r.backupVaultName("from-gap")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("RevokeRestoreAccessBackupVault");
        assertThatThrownBy(() -> ownerBackup.deleteBackupVault(r -> r.backupVaultName("gap")))
                .isInstanceOf(InvalidRequestException.class);

        ownerBackup.revokeRestoreAccessBackupVault(r -> r.backupVaultName("gap")
                .restoreAccessBackupVaultArn(made.restoreAccessBackupVaultArn()).requesterComment("audit over"));
        assertThat(ownerBackup.listRestoreAccessBackupVaults(r -> r.backupVaultName("gap")).restoreAccessBackupVaults())
                .isEmpty();
        assertThatThrownBy(() -> readerBackup.describeBackupVault(r -> r.backupVaultName("from-gap")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> readerBackup.describeRecoveryPoint(r -> r.backupVaultName("from-gap")
                .recoveryPointArn(shared))).isInstanceOf(ResourceNotFoundException.class);
        Path refused = dir.resolve("payroll-refused");
        hokan.grantHostPath(reader.id(), refused, "RESTORE");
        assertThatThrownBy(() -> readerBackup.startRestoreJob(r -> r.recoveryPointArn(shared)
                .metadata(Map.of("TargetPath", refused.toString())))).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("no restore access backup vault");
        assertThatThrownBy(() -> ownerBackup.revokeRestoreAccessBackupVault(r -> r.backupVaultName("gap")
                .restoreAccessBackupVaultArn(made.restoreAccessBackupVaultArn())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void theCliSharesAndRevokesRestoreAccess() throws Exception {
        AwsCliTest.awsCli = AwsCliTest.awsExecutable();
        assumeTrue(AwsCliTest.awsCli != null, "the aws CLI is not installed");
        AwsCliTest.Result created = AwsCliTest.awsAs(owner.accessKey(), owner.secret(),
                "create-logically-air-gapped-backup-vault", "--backup-vault-name", "cli-gap",
                "--min-retention-days", "7", "--max-retention-days", "35");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.json().get("VaultState").asString()).isEqualTo("AVAILABLE");
        share("cli-gap", reader.id());
        CreateRestoreAccessBackupVaultResponse made = reader.backup().createRestoreAccessBackupVault(r -> r
                .sourceBackupVaultArn(owner.vaultArn("cli-gap")));
        assertThat(made.restoreAccessBackupVaultName()).startsWith("restore-access-");

        AwsCliTest.Result listed = AwsCliTest.awsAs(owner.accessKey(), owner.secret(),
                "list-restore-access-backup-vaults", "--backup-vault-name", "cli-gap");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.json().get("RestoreAccessBackupVaults").get(0).get("RestoreAccessBackupVaultArn").asString())
                .isEqualTo(made.restoreAccessBackupVaultArn());
        AwsCliTest.Result revoked = AwsCliTest.awsAs(owner.accessKey(), owner.secret(),
                "revoke-restore-access-backup-vault", "--backup-vault-name", "cli-gap",
                "--restore-access-backup-vault-arn", made.restoreAccessBackupVaultArn());
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThatThrownBy(() -> reader.backup().listRecoveryPointsByBackupVault(r -> r
                .backupVaultName(made.restoreAccessBackupVaultName()))).isInstanceOf(ResourceNotFoundException.class);
    }

    /**
     * The owner shares the air-gapped vault with the account, Hokan's stand-in for AWS RAM's resource share: its
     * access policy allows the account {@code backup:CreateRestoreAccessBackupVault}.
     */
    private static void share(String vault, String accountId) {
        List<String> readers = SHARED_WITH.computeIfAbsent(vault, v -> new ArrayList<>());
        readers.add("\"arn:aws:iam::" + accountId + ":root\"");
        owner.backup().putBackupVaultAccessPolicy(r -> r.backupVaultName(vault).policy("""
                {"Version":"2012-10-17","Statement":[{"Sid":"ShareForRestore","Effect":"Allow",\
                "Principal":{"AWS":[%s]},"Action":"backup:CreateRestoreAccessBackupVault","Resource":"*"}]}"""
                .formatted(String.join(",", readers))));
    }

    private static void assertDenied(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BackupException.class, e ->
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                .hasMessageContaining(reason);
    }

    private static CrossAccountCopyTest.Account account(String name) {
        JsonNode created = ok(hokan.signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"" + name + "\"}"));
        return new CrossAccountCopyTest.Account(created.get("AccountId").stringValue(),
                created.get("AccessKeyId").stringValue(), created.get("SecretAccessKey").stringValue());
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
