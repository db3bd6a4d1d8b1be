package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.CellTx;
import java.util.List;

/**
 * Snapshots to delete from the vault tiers. Recording a release in the same transaction as the change that made
 * the snapshot unused means a stop between the two never leaves it behind unnoticed.
 */
public final class ReleasedSnapshots {
    private final CellTx tx;

    public ReleasedSnapshots(CellTx tx) {
        this.tx = tx;
    }

    /** Records the release; recording one twice changes nothing. */
    public void insert(ReleasedSnapshot s) {
        delete(s);
        tx.sql().update("INSERT INTO released_snapshots (vault_name, storage_class, snapshot_id) VALUES (?, ?, ?)",
                s.vaultName(), s.storageClass(), s.snapshotId());
    }

    public List<ReleasedSnapshot> all() {
        return tx.sql().list("SELECT * FROM released_snapshots ORDER BY vault_name, storage_class, snapshot_id",
                r -> new ReleasedSnapshot(r.string("vault_name"), StorageClass.valueOf(r.string("storage_class")),
                        r.string("snapshot_id")));
    }

    public void delete(ReleasedSnapshot s) {
        tx.sql().update("DELETE FROM released_snapshots WHERE vault_name = ? AND storage_class = ? AND snapshot_id = ?",
                s.vaultName(), s.storageClass(), s.snapshotId());
    }
}
