package dev.hokan.api;

import dev.hokan.catalog.cell.protection.DescribedVault;
import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Account;
import dev.hokan.engine.Engine;
import dev.hokan.engine.vault.VaultService;
import dev.hokan.engine.vault.VaultStorageHistory;
import dev.hokan.engine.vault.VaultStorageHistory.StorageDay;
import dev.hokan.engine.vault.VaultUsage;
import dev.hokan.engine.ServiceException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateBackupVault, CreateLogicallyAirGappedBackupVault, DescribeBackupVault, ListBackupVaults, DeleteBackupVault,
 * the vault's access policy, and Hokan's {@code GET /hokan/v1/backup-vaults/NAME/storage}: what its recovery points
 * would take whole, and what its storage holds after deduplication and compression, and
 * {@code GET /hokan/v1/backup-vaults/NAME/storage/history}: those figures day by day.
 */
final class VaultOperations {
    static final String VAULT_TYPE = "BACKUP_VAULT";
    static final List<Route> ROUTES = List.of(Route.parse("HokanGetBackupVaultStorage", "GET",
            "/hokan/v1/backup-vaults/{backupVaultName}/storage"), Route.parse("HokanGetBackupVaultStorageHistory",
            "GET", "/hokan/v1/backup-vaults/{backupVaultName}/storage/history"));
    private static final int DEFAULT_HISTORY_DAYS = 30;

    private final Engine engine;

    VaultOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateBackupVault", this::create);
        ops.put("CreateLogicallyAirGappedBackupVault", this::createAirGapped);
        ops.put("DescribeBackupVault", this::describe);
        ops.put("ListBackupVaults", this::list);
        ops.put("DeleteBackupVault", this::delete);
        ops.put("PutBackupVaultAccessPolicy", call -> {
            engine.vaults().putAccessPolicy(call.label("backupVaultName"), call.body().string("Policy"));
            return null;
        });
        ops.put("GetBackupVaultAccessPolicy", call -> {
            String name = call.label("backupVaultName");
            return JsonOut.object().put("BackupVaultName", name)
                    .put("BackupVaultArn", engine.account().vaultArn(name))
                    .put("Policy", engine.vaults().accessPolicy(name));
        });
        ops.put("DeleteBackupVaultAccessPolicy", call -> {
            engine.vaults().deleteAccessPolicy(call.label("backupVaultName"));
            return null;
        });
        ops.put("HokanGetBackupVaultStorage", call -> {
            VaultUsage usage = engine.vaults().usage(call.label("backupVaultName"));
            return JsonOut.object().put("BackupVaultName", usage.vaultName())
                    .put("BackupVaultArn", engine.account().vaultArn(usage.vaultName()))
                    .put("NumberOfRecoveryPoints", usage.recoveryPoints())
                    .put("BackupSizeInBytes", usage.backupSizeInBytes())
                    .put("Blobs", usage.stored().blobs())
                    .put("DeduplicatedBytes", usage.stored().rawBytes())
                    .put("StoredBytes", usage.stored().storedBytes());
        });
        ops.put("HokanGetBackupVaultStorageHistory", this::storageHistory);
    }

    private JsonOut storageHistory(ApiCall call) {
        String name = call.label("backupVaultName");
        Integer days = call.query().integer("Days", 1, VaultStorageHistory.MAX_DAYS);
        List<StorageDay> history = engine.storageHistory().history(name, days == null ? DEFAULT_HISTORY_DAYS : days);
        return JsonOut.object().put("BackupVaultName", name)
                .put("BackupVaultArn", engine.account().vaultArn(name))
                .putList("Days", history.stream().map(d -> JsonOut.object().put("Date", d.day().toString())
                        .put("SampledAt", d.sample().sampledAt())
                        .put("NumberOfRecoveryPoints", d.sample().recoveryPoints())
                        .put("BackupSizeInBytes", d.sample().backupSizeInBytes())
                        .put("DeduplicatedBytes", d.sample().deduplicatedBytes())
                        .put("StoredBytes", d.sample().storedBytes())).toList());
    }

    private JsonOut create(ApiCall call) {
        Input in = call.body();
        BackupVault v = engine.vaults().create(call.label("backupVaultName"), in.stringMap("BackupVaultTags"),
                in.string("EncryptionKeyArn"), in.string("CreatorRequestId"));
        return JsonOut.object()
                .put("BackupVaultName", v.name())
                .put("BackupVaultArn", engine.account().vaultArn(v.name()))
                .put("CreationDate", v.creationDate());
    }

    private JsonOut createAirGapped(ApiCall call) {
        Input in = call.body();
        BackupVault v = engine.vaults().createAirGapped(call.label("backupVaultName"), in.stringMap("BackupVaultTags"),
                in.longValue("MinRetentionDays"), in.longValue("MaxRetentionDays"), in.string("EncryptionKeyArn"),
                in.string("CreatorRequestId"));
        return JsonOut.object()
                .put("BackupVaultName", v.name())
                .put("BackupVaultArn", engine.account().vaultArn(v.name()))
                .put("CreationDate", v.creationDate())
                .put("VaultState", v.state().name());
    }

    private JsonOut describe(ApiCall call) {
        checkAccount(engine.account(), call.query().string("backupVaultAccountId"));
        String name = call.label("backupVaultName");
        DescribedVault v = VaultService.existing(name, named(call, engine, name));
        return render(v.vault(), v.lock().orElse(null));
    }

    /**
     * The vault {@code name} of the engine's account as this call read it while being authorised (read now if it was
     * not): for operations that only show what they read, not for those that change the vault.
     */
    static Optional<DescribedVault> named(ApiCall call, Engine engine, String name) {
        return call.vaults().read(engine.account().vaultArn(name), () -> engine.vaults().describedIfAny(name));
    }

    /** ByShared lists the vaults shared with this account: its restore access vaults. */
    private JsonOut list(ApiCall call) {
        String typeName = call.query().string("vaultType");
        VaultType type = typeName == null ? null : Arrays.stream(VaultType.values())
                .filter(t -> t.name().equals(typeName)).findFirst().orElseThrow(() -> ServiceException.invalidParameter(
                        "ByVaultType must be one of " + Arrays.toString(VaultType.values()) + ", got " + typeName));
        boolean shared = call.query().bool("shared");
        var page = call.query().page();
        if (shared) {
            if (type != null && type != VaultType.RESTORE_ACCESS_BACKUP_VAULT) {
                return JsonOut.object().putList("BackupVaultList", List.of());
            }
            type = VaultType.RESTORE_ACCESS_BACKUP_VAULT;
        }
        Map<String, VaultLock> locks = engine.vaultLocks().all();
        return Paging.render(engine.vaults().list(type, page), "BackupVaultList", v -> render(v, locks.get(v.name())));
    }

    private JsonOut delete(ApiCall call) {
        engine.vaults().delete(call.label("backupVaultName"));
        return null;
    }

    /**
     * {@code lock} is null when the vault has none. Locked is true under any lock, as Hokan then refuses to delete
     * the vault's recovery points (the model's meaning of Locked); LockDate is set in compliance mode only.
     */
    private JsonOut render(BackupVault v, VaultLock lock) {
        return JsonOut.object()
                .put("BackupVaultName", v.name())
                .put("BackupVaultArn", engine.account().vaultArn(v.name()))
                .put("VaultType", v.type().name())
                .put("VaultState", v.state().name())
                .put("EncryptionKeyArn", v.encryptionKeyArn())
                .put("EncryptionKeyType", VaultService.encryptionKeyType(v.encryptionKeyArn()))
                .put("CreationDate", v.creationDate())
                .put("CreatorRequestId", v.creatorRequestId())
                .put("NumberOfRecoveryPoints", v.numberOfRecoveryPoints())
                .put("Locked", lock != null)
                .put("MinRetentionDays", lock == null ? null : lock.minRetentionDays())
                .put("MaxRetentionDays", lock == null ? null : lock.maxRetentionDays())
                .put("LockDate", lock == null ? null : lock.lockDate())
                .put("SourceBackupVaultArn", v.sourceVaultArn());
    }

    /**
     * The VaultLockState of jobs: LOCKED once the vault's lock is in compliance mode (nobody can change it any
     * more), UNLOCKED otherwise, without a lock included.
     */
    static String lockState(Optional<VaultLock> lock, Instant now) {
        return lock.filter(l -> l.isImmutableAt(now)).isPresent() ? "LOCKED" : "UNLOCKED";
    }

    /** Vaults of other accounts are never visible here. */
    static void checkAccount(Account account, String accountId) {
        if (accountId != null && !accountId.equals(account.accountId())) {
            throw ServiceException.notFound("Account " + accountId + " is not served by this Hokan server");
        }
    }
}
