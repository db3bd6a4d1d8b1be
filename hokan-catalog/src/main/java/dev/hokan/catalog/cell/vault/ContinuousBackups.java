package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

/** The continuous backups of the cell, one per continuous recovery point. */
public final class ContinuousBackups {
    private final CellTx tx;

    public ContinuousBackups(CellTx tx) {
        this.tx = tx;
    }

    public void insert(ContinuousBackup c) {
        tx.sql().update("INSERT INTO continuous_backups (recovery_point_id, vault_name, resource_arn, status,"
                        + " earliest_restorable_millis, latest_restorable_millis, stream_state)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", c.recoveryPointId(), c.vaultName(), c.resourceArn(),
                c.status().name(), c.earliestRestorable(), c.latestRestorable(), c.streamState());
    }

    public void update(ContinuousBackup c) {
        tx.sql().update("UPDATE continuous_backups SET status = ?, earliest_restorable_millis = ?,"
                        + " latest_restorable_millis = ?, stream_state = ? WHERE recovery_point_id = ?",
                c.status().name(), c.earliestRestorable(), c.latestRestorable(), c.streamState(), c.recoveryPointId());
    }

    public Optional<ContinuousBackup> find(String recoveryPointId) {
        return tx.sql().one("SELECT * FROM continuous_backups WHERE recovery_point_id = ?", ContinuousBackups::of,
                recoveryPointId);
    }

    /** The continuous backup of the resource into the vault, whatever its status. */
    public Optional<ContinuousBackup> of(String resourceArn, String vaultName) {
        return tx.sql().one("SELECT * FROM continuous_backups WHERE resource_arn = ? AND vault_name = ?",
                ContinuousBackups::of, resourceArn, vaultName);
    }

    public List<ContinuousBackup> inStatus(ContinuousStatus status) {
        return tx.sql().list("SELECT * FROM continuous_backups WHERE status = ? ORDER BY recovery_point_id",
                ContinuousBackups::of, status.name());
    }

    public void delete(String recoveryPointId) {
        tx.sql().update("DELETE FROM continuous_backups WHERE recovery_point_id = ?", recoveryPointId);
    }

    private static ContinuousBackup of(Row r) {
        return new ContinuousBackup(r.string("recovery_point_id"), r.string("vault_name"), r.string("resource_arn"),
                ContinuousStatus.valueOf(r.string("status")), r.instant("earliest_restorable_millis"),
                r.instant("latest_restorable_millis"), r.string("stream_state"));
    }
}
