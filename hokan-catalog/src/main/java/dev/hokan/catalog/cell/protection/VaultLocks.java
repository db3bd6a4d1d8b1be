package dev.hokan.catalog.cell.protection;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.Vaults;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class VaultLocks {
    private final CellTx tx;

    public VaultLocks(CellTx tx) {
        this.tx = tx;
    }

    /** Sets the vault's lock, replacing the one it had. */
    public void put(VaultLock l) {
        delete(l.vaultName());
        tx.sql().update("INSERT INTO vault_locks (vault_name, min_retention_days, max_retention_days, lock_date_millis,"
                        + " creation_millis) VALUES (?, ?, ?, ?, ?)", l.vaultName(), l.minRetentionDays(),
                l.maxRetentionDays(), l.lockDate(), l.creationDate());
    }

    public Optional<VaultLock> find(String vaultName) {
        return tx.sql().one("SELECT * FROM vault_locks WHERE vault_name = ?", VaultLocks::map, vaultName);
    }

    /** The vault with its lock and access policy, in one query; empty when there is no such vault. */
    public Optional<DescribedVault> describe(String vaultName) {
        return tx.sql().one("SELECT v.*, l.vault_name AS lock_vault_name, l.min_retention_days AS lock_min_retention_days,"
                        + " l.max_retention_days AS lock_max_retention_days, l.lock_date_millis AS lock_lock_date_millis,"
                        + " l.creation_millis AS lock_creation_millis, p.document AS access_policy FROM vaults v"
                        + " LEFT JOIN vault_locks l ON l.vault_name = v.name"
                        + " LEFT JOIN vault_access_policies p ON p.vault_name = v.name WHERE v.name = ?",
                r -> new DescribedVault(Vaults.map(r), Optional.ofNullable(r.string("lock_vault_name"))
                        .map(name -> map(r, "lock_")), Optional.ofNullable(r.string("access_policy"))), vaultName);
    }

    public List<VaultLock> all() {
        return tx.sql().list("SELECT * FROM vault_locks", VaultLocks::map);
    }

    public void delete(String vaultName) {
        tx.sql().update("DELETE FROM vault_locks WHERE vault_name = ?", vaultName);
        tx.vaultRecordQueue().vaultChanged(vaultName);
    }

    private static VaultLock map(Row r) {
        return map(r, "");
    }

    private static VaultLock map(Row r, String prefix) {
        return new VaultLock(r.string(prefix + "vault_name"), r.longOrNull(prefix + "min_retention_days"),
                r.longOrNull(prefix + "max_retention_days"), r.instant(prefix + "lock_date_millis"),
                r.instant(prefix + "creation_millis"));
    }
}
