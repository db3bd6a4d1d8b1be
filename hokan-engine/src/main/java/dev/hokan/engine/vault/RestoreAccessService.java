package dev.hokan.engine.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointFilter;
import dev.hokan.catalog.cell.vault.RestoreAccess;
import dev.hokan.catalog.cell.vault.VaultState;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One cell's part in restore access: as the owner of air-gapped vaults, the restore access vaults of other accounts
 * that may read them; as a reader, its restore access vaults, which hold nothing of their own. The two sides lie in
 * two cells, which the deployment's {@code RestoreAccessVaults} joins; the owner's grant is what counts.
 */
public final class RestoreAccessService {
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultService vaults;

    public RestoreAccessService(CellContext cell, VaultService vaults) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.vaults = vaults;
    }

    /** The air-gapped vault of this cell that restore access may be given to. */
    public BackupVault airGapped(String vaultName) {
        BackupVault v = vaults.describe(vaultName);
        if (v.type() != VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT) {
            throw ServiceException.invalidParameter("Backup vault " + vaultName + " is not a logically air-gapped"
                    + " backup vault: only those give restore access");
        }
        return v;
    }

    /**
     * Makes the restore access vault of this (the reading) account. A repeated call with the CreatorRequestId that
     * made it returns it unchanged.
     */
    public BackupVault create(String name, String sourceVaultArn, Map<String, String> tags, String creatorRequestId) {
        Names.vault(name);
        Names.creatorRequestId(creatorRequestId);
        Map<String, String> checkedTags = Names.tags("BackupVaultTags", tags);
        return catalog.write(tx -> vaults.retried(tx, name, creatorRequestId, VaultType.RESTORE_ACCESS_BACKUP_VAULT)
                .orElseGet(() -> {
                    BackupVault v = new BackupVault(name, clock.now(), creatorRequestId, account.masterKeyArn(), 0,
                            VaultType.RESTORE_ACCESS_BACKUP_VAULT, VaultState.AVAILABLE, sourceVaultArn);
                    vaults.insert(tx, v, checkedTags);
                    return v;
                }));
    }

    /** The restore access vault of this (the reading) account, as long as it exists. */
    public Optional<BackupVault> accessVault(String name) {
        return vaults.findIfAny(name).filter(v -> v.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT);
    }

    /** Removes the restore access vault of this (the reading) account, whose access its owner revoked. */
    public void remove(String name) {
        catalog.write(tx -> {
            tx.vaults().find(name).filter(v -> v.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT).ifPresent(v -> {
                tx.vaults().delete(name);
                tx.tags().removeAll(account.vaultArn(name));
            });
            return null;
        });
    }

    /** Lets the restore access vault read the air-gapped vault of this (the owning) account; once only. */
    public void grant(String vaultName, String accessVaultArn, Instant creationDate, String requesterComment) {
        catalog.write(tx -> {
            if (tx.restoreAccesses().find(vaultName, accessVaultArn).isEmpty()) {
                tx.restoreAccesses().insert(new RestoreAccess(vaultName, accessVaultArn, creationDate,
                        requesterComment));
                EventLog.record(tx, clock.now(), EventType.RESTORE_ACCESS_GRANTED, account.vaultArn(vaultName), null,
                        details(vaultName, accessVaultArn, requesterComment));
            }
            return null;
        });
    }

    public boolean grants(String vaultName, String accessVaultArn) {
        return catalog.read(tx -> tx.restoreAccesses().find(vaultName, accessVaultArn)).isPresent();
    }

    public Page<RestoreAccess> grants(String vaultName, PageRequest page) {
        airGapped(vaultName);
        return catalog.read(tx -> tx.restoreAccesses().list(vaultName, page));
    }

    /** Ends the access of the restore access vault to the air-gapped vault of this (the owning) account. */
    public void revoke(String vaultName, String accessVaultArn, String requesterComment) {
        airGapped(vaultName);
        catalog.write(tx -> {
            if (!tx.restoreAccesses().delete(vaultName, accessVaultArn)) {
                throw ServiceException.notFound("Restore access backup vault " + accessVaultArn + " has no access to"
                        + " backup vault " + vaultName);
            }
            EventLog.record(tx, clock.now(), EventType.RESTORE_ACCESS_REVOKED, account.vaultArn(vaultName), null,
                    details(vaultName, accessVaultArn, requesterComment));
            return null;
        });
    }

    /** A point of the air-gapped vault of this (the owning) account. */
    public Optional<RecoveryPoint> point(String vaultName, String recoveryPointId) {
        return catalog.read(tx -> tx.recoveryPoints().find(recoveryPointId))
                .filter(p -> p.vaultName().equals(vaultName));
    }

    public Page<RecoveryPoint> points(String vaultName, RecoveryPointFilter filter, PageRequest page) {
        return catalog.read(tx -> tx.recoveryPoints().byVault(vaultName, filter, page));
    }

    private static Map<String, String> details(String vaultName, String accessVaultArn, String requesterComment) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("BackupVaultName", vaultName);
        details.put("RestoreAccessBackupVaultArn", accessVaultArn);
        if (requesterComment != null) {
            details.put("RequesterComment", requesterComment);
        }
        return details;
    }
}
