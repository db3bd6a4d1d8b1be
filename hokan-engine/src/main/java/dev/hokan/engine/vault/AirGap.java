package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.lifecycle.LifecycleRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What sets a logically air-gapped vault apart: its retention limits, the compliance lock it has from its creation
 * (immutable at once, so the vault lock's rules keep its points from early deletion and its retention from being
 * shortened), and that it takes recovery points only by copy.
 */
public final class AirGap {
    /** AWS's least MinRetentionDays for an air-gapped vault. */
    static final long MIN_RETENTION_DAYS = 7;

    private AirGap() {
    }

    static void checkRetention(Long minRetentionDays, Long maxRetentionDays) {
        if (minRetentionDays == null) {
            throw ServiceException.missingParameter("MinRetentionDays");
        }
        if (maxRetentionDays == null) {
            throw ServiceException.missingParameter("MaxRetentionDays");
        }
        if (minRetentionDays < MIN_RETENTION_DAYS || minRetentionDays > LifecycleRules.MAX_DAYS) {
            throw ServiceException.invalidParameter("MinRetentionDays must be between " + MIN_RETENTION_DAYS + " and "
                    + LifecycleRules.MAX_DAYS + " days, got " + minRetentionDays);
        }
        if (maxRetentionDays < minRetentionDays || maxRetentionDays > LifecycleRules.MAX_DAYS) {
            throw ServiceException.invalidParameter("MaxRetentionDays must be between MinRetentionDays ("
                    + minRetentionDays + ") and " + LifecycleRules.MAX_DAYS + " days, got " + maxRetentionDays);
        }
    }

    /** The vault's compliance lock, immutable from the vault's creation: no grace time. */
    static void lock(CellTx tx, Account account, BackupVault vault, long minRetentionDays, long maxRetentionDays) {
        VaultLock lock = new VaultLock(vault.name(), minRetentionDays, maxRetentionDays, vault.creationDate(),
                vault.creationDate());
        tx.vaultLocks().put(lock);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("BackupVaultName", vault.name());
        details.put("Mode", "COMPLIANCE");
        details.put("MinRetentionDays", Long.toString(minRetentionDays));
        details.put("MaxRetentionDays", Long.toString(maxRetentionDays));
        details.put("LockDate", lock.lockDate().toString());
        EventLog.record(tx, vault.creationDate(), EventType.VAULT_LOCK_SET, account.vaultArn(vault.name()),
                "Logically air-gapped backup vault " + vault.name() + " is compliance-locked from its creation",
                details);
    }

    /** Why the vault takes no backups, if it does not: only an ordinary backup vault does. */
    public static Optional<String> backupRefusal(BackupVault vault) {
        return switch (vault.type()) {
            case BACKUP_VAULT -> Optional.empty();
            case LOGICALLY_AIR_GAPPED_BACKUP_VAULT -> Optional.of("Backup vault " + vault.name() + " is a logically"
                    + " air-gapped backup vault: it takes recovery points only by copy (StartCopyJob or a rule's"
                    + " CopyActions), never from a backup");
            case RESTORE_ACCESS_BACKUP_VAULT -> Optional.of(restoreAccessHoldsNothing(vault));
        };
    }

    /** Why a copy cannot go into the vault, if it cannot: a restore access vault holds no points of its own. */
    public static Optional<String> copyRefusal(BackupVault vault) {
        return vault.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT
                ? Optional.of(restoreAccessHoldsNothing(vault)) : Optional.empty();
    }

    private static String restoreAccessHoldsNothing(BackupVault vault) {
        return "Backup vault " + vault.name() + " is a restore access backup vault: it gives access to the recovery"
                + " points of " + vault.sourceVaultArn() + " and takes none of its own";
    }
}
