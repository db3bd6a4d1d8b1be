package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Row;
import java.util.List;

/**
 * What changed since the vaults last recorded it: a vault's own settings or one of its recovery points, queued in
 * the transaction that changed it, so the record in the vault follows every committed change, a crash included.
 * Each queuing raises the entry's version; the entry leaves the queue only at the version that was written, so a
 * change made while the vault was being written is written again.
 */
public final class VaultRecordQueue {
    private final CellTx tx;

    /** A vault ({@code recoveryPointId} null) or recovery point whose record is to be written, at a version. */
    public record Entry(String vaultName, String recoveryPointId, long version) {
        public boolean isVault() {
            return recoveryPointId == null;
        }
    }

    public VaultRecordQueue(CellTx tx) {
        this.tx = tx;
    }

    /** Queues the vault's own record: its settings, tags, access policy and lock. */
    public void vaultChanged(String vaultName) {
        queue(vaultName, "");
    }

    /** Queues the record of one recovery point of the vault. */
    public void pointChanged(String vaultName, String recoveryPointId) {
        queue(vaultName, recoveryPointId);
    }

    private void queue(String vaultName, String recoveryPointId) {
        tx.sql().update("INSERT INTO vault_record_queue (vault_name, recovery_point_id, version) VALUES (?, ?, 1)"
                + " ON CONFLICT (vault_name, recovery_point_id) DO UPDATE SET version = vault_record_queue.version + 1",
                vaultName, recoveryPointId);
    }

    /** Up to {@code limit} entries, each vault's own before its points. */
    public List<Entry> pending(int limit) {
        return tx.sql().list("SELECT * FROM vault_record_queue ORDER BY vault_name, recovery_point_id LIMIT ?",
                VaultRecordQueue::map, limit);
    }

    /** Removes the entry if it was not queued again since it was read. */
    public void written(Entry e) {
        tx.sql().update("DELETE FROM vault_record_queue WHERE vault_name = ? AND recovery_point_id = ? AND version = ?",
                e.vaultName(), e.isVault() ? "" : e.recoveryPointId(), e.version());
    }

    private static Entry map(Row r) {
        String point = r.string("recovery_point_id");
        return new Entry(r.string("vault_name"), point.isEmpty() ? null : point, r.longValue("version"));
    }
}
