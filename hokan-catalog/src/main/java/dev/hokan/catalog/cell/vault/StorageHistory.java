package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history of what each vault's storage held: one sample per vault and day, the day's last, kept as long as the
 * vault exists.
 */
public final class StorageHistory {
    private static final String COLUMNS = "vault_name, sample_day, sampled_millis, recovery_points, backup_size_bytes,"
            + " deduplicated_bytes, stored_bytes";

    private final CellTx tx;

    public StorageHistory(CellTx tx) {
        this.tx = tx;
    }

    /** The vault's newest sample, if it has one. */
    public Optional<StorageSample> latest(String vaultName) {
        return tx.sql().one("SELECT " + COLUMNS + " FROM vault_storage_history WHERE vault_name = ?"
                + " ORDER BY sample_day DESC LIMIT 1", StorageHistory::map, vaultName);
    }

    /**
     * The vault's samples from {@code first} on, oldest first, preceded by the last one before {@code first} (what
     * the storage held when that day began), if any.
     */
    public List<StorageSample> from(String vaultName, LocalDate first) {
        List<StorageSample> samples = new ArrayList<>();
        tx.sql().one("SELECT " + COLUMNS + " FROM vault_storage_history WHERE vault_name = ? AND sample_day < ?"
                + " ORDER BY sample_day DESC LIMIT 1", StorageHistory::map, vaultName, first.toString())
                .ifPresent(samples::add);
        samples.addAll(tx.sql().list("SELECT " + COLUMNS + " FROM vault_storage_history WHERE vault_name = ?"
                + " AND sample_day >= ? ORDER BY sample_day", StorageHistory::map, vaultName, first.toString()));
        return samples;
    }

    /** Records the sample as its vault's for its day, replacing an earlier one of the same day. */
    public void record(StorageSample s) {
        if (tx.sql().update("UPDATE vault_storage_history SET sampled_millis = ?, recovery_points = ?,"
                        + " backup_size_bytes = ?, deduplicated_bytes = ?, stored_bytes = ?"
                        + " WHERE vault_name = ? AND sample_day = ?", s.sampledAt(), s.recoveryPoints(),
                s.backupSizeInBytes(), s.deduplicatedBytes(), s.storedBytes(), s.vaultName(), s.day().toString()) == 0) {
            tx.sql().update("INSERT INTO vault_storage_history (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                    s.vaultName(), s.day().toString(), s.sampledAt(), s.recoveryPoints(), s.backupSizeInBytes(),
                    s.deduplicatedBytes(), s.storedBytes());
        }
    }

    void deleteVault(String vaultName) {
        tx.sql().update("DELETE FROM vault_storage_history WHERE vault_name = ?", vaultName);
    }

    private static StorageSample map(Row r) {
        return new StorageSample(r.string("vault_name"), LocalDate.parse(r.string("sample_day")),
                r.instant("sampled_millis"), r.longValue("recovery_points"), r.longValue("backup_size_bytes"),
                r.longValue("deduplicated_bytes"), r.longValue("stored_bytes"));
    }
}
