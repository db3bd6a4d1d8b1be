package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.cell.protection.DescribedVault;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.CalculatedLifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointFilter;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Account;
import dev.hokan.engine.Engine;
import dev.hokan.engine.vault.SharedPoint;
import dev.hokan.engine.vault.VaultService;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.resource.RestoreMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Describing, listing, deleting recovery points, their lifecycle and restore metadata. */
final class RecoveryPointOperations {
    private final Engine engine;

    RecoveryPointOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("DescribeRecoveryPoint", call -> {
            VaultOperations.checkAccount(engine.account(), call.query().string("backupVaultAccountId"));
            String vault = call.label("backupVaultName");
            String arn = call.label("recoveryPointArn");
            Optional<BackupVault> named = VaultOperations.named(call, engine, vault).map(DescribedVault::vault);
            Optional<BackupVault> access = named.filter(v -> v.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT);
            if (access.isPresent()) {
                SharedPoint shared = engine.sharedPoints().describe(engine.account(), vault, arn);
                return byVault(shared, access.get()).put("StorageClass", shared.point().storageClass().name());
            }
            RecoveryPoint p = engine.recoveryPoints().describe(vault, arn);
            // describe found the point, so its vault exists and was read
            return byVault(p, named.orElseThrow()).put("StorageClass", p.storageClass().name());
        });
        ops.put("ListRecoveryPointsByBackupVault", this::listByVault);
        ops.put("ListRecoveryPointsByResource", call -> {
            Function<String, String> keyArns = engine.vaults().encryptionKeyArns();
            return Paging.render(engine.recoveryPoints().byResource(call.label("resourceArn"), call.query().page()),
                    "RecoveryPoints", p -> byResource(p, keyArns.apply(p.vaultName())));
        });
        ops.put("DisassociateRecoveryPoint", call -> {
            engine.recoveryPoints().disassociate(call.label("backupVaultName"), call.label("recoveryPointArn"));
            return null;
        });
        ops.put("DisassociateRecoveryPointFromParent", call -> {
            engine.recoveryPoints().disassociateFromParent(call.label("backupVaultName"),
                    call.label("recoveryPointArn"));
            return null;
        });
        ops.put("DeleteRecoveryPoint", call -> {
            engine.recoveryPoints().delete(call.label("backupVaultName"), call.label("recoveryPointArn"));
            return null;
        });
        ops.put("UpdateRecoveryPointLifecycle", call -> {
            RecoveryPoint p = engine.recoveryPoints().updateLifecycle(call.label("backupVaultName"),
                    call.label("recoveryPointArn"), PlanDocuments.lifecycle(call.body().object("Lifecycle")));
            return JsonOut.object()
                    .put("BackupVaultArn", engine.account().vaultArn(p.vaultName()))
                    .put("RecoveryPointArn", engine.account().recoveryPointArn(p.recoveryPointId()))
                    .put("Lifecycle", PlanDocuments.render(p.lifecycle()))
                    .put("CalculatedLifecycle", render(p.calculatedLifecycle()));
        });
        ops.put("GetRecoveryPointRestoreMetadata", call -> {
            VaultOperations.checkAccount(engine.account(), call.query().string("backupVaultAccountId"));
            String vault = call.label("backupVaultName");
            String arn = call.label("recoveryPointArn");
            RestoreMetadata metadata = engine.restoreJobs().restoreMetadata(vault, arn);
            return JsonOut.object()
                    .put("BackupVaultArn", engine.account().vaultArn(vault))
                    .put("RecoveryPointArn", arn)
                    .putStrings("RestoreMetadata", metadata.metadata())
                    .put("ResourceType", metadata.resourceType().wireName());
        });
    }

    private JsonOut listByVault(ApiCall call) {
        Query q = call.query();
        VaultOperations.checkAccount(engine.account(), q.string("backupVaultAccountId"));
        var page = q.page();
        String resourceType = q.string("resourceType");
        ResourceType type = resourceType == null ? null : ResourceKinds.type(resourceType).orElse(null);
        RecoveryPointFilter filter = new RecoveryPointFilter(q.string("resourceArn"), type, q.string("backupPlanId"),
                q.timestamp("createdAfter"), q.timestamp("createdBefore"));
        String vault = call.label("backupVaultName");
        boolean nothingMatches = (resourceType != null && type == null) || q.string("parentRecoveryPointArn") != null;
        BackupVault v = VaultService.existing(vault, VaultOperations.named(call, engine, vault)).vault();
        if (v.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT) {
            Page<SharedPoint> shared = engine.sharedPoints().list(engine.account(), vault, filter, page);
            return Paging.render(nothingMatches ? new Page<>(List.of(), null) : shared, "RecoveryPoints",
                    p -> byVault(p, v));
        }
        Page<RecoveryPoint> points = engine.recoveryPoints().byVault(vault, filter, page);
        return Paging.render(nothingMatches ? new Page<>(List.of(), null) : points, "RecoveryPoints",
                p -> byVault(p, v));
    }

    private JsonOut byVault(RecoveryPoint p, BackupVault v) {
        return byVault(p, engine.account(), p.vaultName(), p.sourceVaultArn(), v.type().name(), v.encryptionKeyArn());
    }

    /**
     * A point of the air-gapped vault the restore access vault {@code access} reads, under its owner's ARN, shown in
     * that vault.
     */
    private JsonOut byVault(SharedPoint shared, BackupVault access) {
        return byVault(shared.point(), shared.owner(), access.name(), access.sourceVaultArn(), access.type().name(),
                shared.encryptionKeyArn());
    }

    /**
     * {@code a} is the account the point belongs to; {@code vaultName} the vault of this account it is listed in;
     * {@code keyArn} the key its own vault is sealed under.
     */
    private JsonOut byVault(RecoveryPoint p, Account a, String vaultName, String sourceVaultArn, String vaultType,
                            String keyArn) {
        return JsonOut.object()
                .put("RecoveryPointArn", a.recoveryPointArn(p.recoveryPointId()))
                .put("BackupVaultName", vaultName)
                .put("BackupVaultArn", engine.account().vaultArn(vaultName))
                .put("SourceBackupVaultArn", sourceVaultArn)
                .put("ResourceArn", p.resourceArn())
                .put("ResourceType", p.resourceType().wireName())
                .put("CreatedBy", PlanDocuments.render(a, p.createdBy()))
                .put("IamRoleArn", p.iamRoleArn())
                .put("Status", p.status().name())
                .put("StatusMessage", p.statusMessage())
                .put("CreationDate", p.creationDate())
                .put("InitiationDate", p.creationDate())
                .put("CompletionDate", p.completionDate())
                .put("BackupSizeInBytes", p.backupSizeInBytes())
                .put("CalculatedLifecycle", render(p.calculatedLifecycle()))
                .put("Lifecycle", PlanDocuments.render(p.lifecycle()))
                .put("EncryptionKeyArn", keyArn)
                .put("EncryptionKeyType", VaultService.encryptionKeyType(keyArn))
                .put("IsEncrypted", true)
                .put("LastRestoreTime", p.lastRestoreTime())
                .put("IsParent", false)
                .put("ResourceName", p.resourceName())
                .put("VaultType", vaultType);
    }

    private JsonOut byResource(RecoveryPoint p, String keyArn) {
        return JsonOut.object()
                .put("RecoveryPointArn", engine.account().recoveryPointArn(p.recoveryPointId()))
                .put("CreationDate", p.creationDate())
                .put("Status", p.status().name())
                .put("StatusMessage", p.statusMessage())
                .put("EncryptionKeyArn", keyArn)
                .put("EncryptionKeyType", VaultService.encryptionKeyType(keyArn))
                .put("BackupSizeBytes", p.backupSizeInBytes())
                .put("BackupVaultName", p.vaultName())
                .put("IsParent", false)
                .put("ResourceName", p.resourceName())
                .put("VaultType", VaultOperations.VAULT_TYPE);
    }

    private static JsonOut render(CalculatedLifecycle c) {
        if (c.moveToColdStorageAt() == null && c.deleteAt() == null) {
            return null;
        }
        return JsonOut.object()
                .put("MoveToColdStorageAt", c.moveToColdStorageAt())
                .put("DeleteAt", c.deleteAt());
    }
}
