package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.CellTx;
import java.util.Optional;

/** Each vault's resource-based access policy, kept as its author wrote it. */
public final class VaultAccessPolicies {
    private final CellTx tx;

    public VaultAccessPolicies(CellTx tx) {
        this.tx = tx;
    }

    public void put(String vaultName, String document) {
        delete(vaultName);
        tx.sql().update("INSERT INTO vault_access_policies (vault_name, document) VALUES (?, ?)", vaultName, document);
    }

    public Optional<String> find(String vaultName) {
        return tx.sql().one("SELECT document FROM vault_access_policies WHERE vault_name = ?", r -> r.string("document"),
                vaultName);
    }

    public boolean delete(String vaultName) {
        tx.vaultRecordQueue().vaultChanged(vaultName);
        return tx.sql().update("DELETE FROM vault_access_policies WHERE vault_name = ?", vaultName) > 0;
    }
}
