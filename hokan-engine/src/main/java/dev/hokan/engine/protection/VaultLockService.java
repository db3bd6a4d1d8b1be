package dev.hokan.engine.protection;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.vault.VaultService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Vault Lock: governance mode (no ChangeableForDays) can be changed or removed at any time; compliance mode only
 * until its LockDate, after which it is immutable for good.
 */
public final class VaultLockService {
    private static final Logger LOG = Logger.getLogger(VaultLockService.class.getName());
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final StorageProtection storageProtection;

    public VaultLockService(CellContext cell, StorageProtection storageProtection) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.storageProtection = storageProtection;
    }

    /** Sets or replaces the vault's lock; compliance mode starts {@code changeableForDays} from now. */
    public VaultLock put(String vaultName, Long minRetentionDays, Long maxRetentionDays, Long changeableForDays) {
        Names.vault(vaultName);
        VaultLockRules.checkConfiguration(minRetentionDays, maxRetentionDays, changeableForDays);
        String storageLevel = changeableForDays == null ? null : storageProtection.storageLevel(vaultName);
        VaultLock set = catalog.write(tx -> {
            VaultService.find(tx, vaultName);
            Instant now = clock.now();
            tx.vaultLocks().find(vaultName).ifPresent(current -> VaultLockRules.checkChangeable(current, now));
            VaultLock lock = new VaultLock(vaultName, minRetentionDays, maxRetentionDays,
                    changeableForDays == null ? null : now.plus(Duration.ofDays(changeableForDays)), now);
            tx.vaultLocks().put(lock);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("BackupVaultName", vaultName);
            details.put("Mode", lock.lockDate() == null ? "GOVERNANCE" : "COMPLIANCE");
            if (minRetentionDays != null) {
                details.put("MinRetentionDays", minRetentionDays.toString());
            }
            if (maxRetentionDays != null) {
                details.put("MaxRetentionDays", maxRetentionDays.toString());
            }
            if (lock.lockDate() != null) {
                details.put("LockDate", lock.lockDate().toString());
                details.put("StorageProtection", storageLevel);
            }
            EventLog.record(tx, now, EventType.VAULT_LOCK_SET, account.vaultArn(vaultName), null, details);
            return lock;
        });
        if (storageLevel != null && storageLevel.startsWith("none")) {
            LOG.warning("The vault lock of backup vault " + vaultName + " becomes compliance mode on " + set.lockDate()
                    + " but has no storage-level protection: " + storageLevel);
        }
        return set;
    }

    public void delete(String vaultName) {
        Names.vault(vaultName);
        catalog.write(tx -> {
            VaultService.find(tx, vaultName);
            Instant now = clock.now();
            VaultLock lock = tx.vaultLocks().find(vaultName).orElseThrow(() -> ServiceException.notFound(
                    "Backup vault " + vaultName + " has no vault lock"));
            VaultLockRules.checkChangeable(lock, now);
            tx.vaultLocks().delete(vaultName);
            EventLog.record(tx, now, EventType.VAULT_LOCK_REMOVED, account.vaultArn(vaultName), null,
                    Map.of("BackupVaultName", vaultName));
            return null;
        });
    }

    public Optional<VaultLock> find(String vaultName) {
        Names.vault(vaultName);
        return catalog.read(tx -> tx.vaultLocks().find(vaultName));
    }

    /** Every vault's lock, by vault name. */
    public Map<String, VaultLock> all() {
        return catalog.read(tx -> tx.vaultLocks().all().stream()
                .collect(Collectors.toMap(VaultLock::vaultName, Function.identity())));
    }
}
