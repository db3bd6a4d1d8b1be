package dev.hokan.catalog.cell.protection;

import dev.hokan.catalog.cell.CellTx;
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

    public List<VaultLock> all() {
        return tx.sql().list("SELECT * FROM vault_locks", VaultLocks::map);
    }

    public void delete(String vaultName) {
        tx.sql().update("DELETE FROM vault_locks WHERE vault_name = ?", vaultName);
        tx.vaultRecordQueue().vaultChanged(vaultName);
    }

    private static VaultLock map(Row r) {
        return new VaultLock(r.string("vault_name"), r.longOrNull("min_retention_days"),
                r.longOrNull("max_retention_days"), r.instant("lock_date_millis"), r.instant("creation_millis"));
    }
}
