package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class Vaults {
    private final CellTx tx;

    public Vaults(CellTx tx) {
        this.tx = tx;
    }

    public void insert(BackupVault v) {
        tx.sql().update("INSERT INTO vaults (name, creation_millis, creator_request_id, encryption_key_arn, recovery_point_count,"
                + " vault_type, vault_state, source_vault_arn) VALUES (?, ?, ?, ?, 0, ?, ?, ?)", v.name(), v.creationDate(),
                v.creatorRequestId(), v.encryptionKeyArn(), v.type(), v.state(), v.sourceVaultArn());
        tx.vaultRecordQueue().vaultChanged(v.name());
    }

    public Optional<BackupVault> find(String name) {
        return tx.sql().one("SELECT * FROM vaults WHERE name = ?", Vaults::map, name);
    }

    public Page<BackupVault> list(PageRequest page) {
        return list(null, page);
    }

    /** The vaults of one type ({@code type} null: all). */
    public Page<BackupVault> list(VaultType type, PageRequest page) {
        return tx.sql().page("vaults", "name", Filter.all().eq("vault_type", type), page, Vaults::map);
    }

    public void setState(String name, VaultState state) {
        tx.sql().update("UPDATE vaults SET vault_state = ? WHERE name = ?", state, name);
    }

    /** The vaults sealed under the key {@code encryptionKeyArn}. */
    public List<BackupVault> encryptedBy(String encryptionKeyArn) {
        return tx.sql().list("SELECT * FROM vaults WHERE encryption_key_arn = ? ORDER BY name", Vaults::map,
                encryptionKeyArn);
    }

    public long count() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM vaults");
    }

    public void delete(String name) {
        tx.sql().update("DELETE FROM vaults WHERE name = ?", name);
        tx.storageHistory().deleteVault(name);
        tx.vaultRecordQueue().vaultChanged(name);
    }

    void adjustRecoveryPointCount(String name, long delta) {
        tx.sql().update("UPDATE vaults SET recovery_point_count = recovery_point_count + ? WHERE name = ?", delta, name);
    }

    public static BackupVault map(Row r) {
        return new BackupVault(r.string("name"), r.instant("creation_millis"), r.string("creator_request_id"),
                r.string("encryption_key_arn"), r.longValue("recovery_point_count"),
                VaultType.valueOf(r.string("vault_type")), VaultState.valueOf(r.string("vault_state")),
                r.string("source_vault_arn"));
    }
}
