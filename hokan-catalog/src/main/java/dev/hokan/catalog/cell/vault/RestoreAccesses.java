package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.Optional;

/** The restore access vaults of other accounts that may restore from this cell's air-gapped vaults. */
public final class RestoreAccesses {
    private final CellTx tx;

    public RestoreAccesses(CellTx tx) {
        this.tx = tx;
    }

    public void insert(RestoreAccess a) {
        tx.sql().update("INSERT INTO restore_access_vaults (vault_name, restore_access_vault_arn, creation_millis,"
                + " requester_comment) VALUES (?, ?, ?, ?)", a.vaultName(), a.restoreAccessVaultArn(),
                a.creationDate(), a.requesterComment());
    }

    public Optional<RestoreAccess> find(String vaultName, String restoreAccessVaultArn) {
        return tx.sql().one("SELECT * FROM restore_access_vaults WHERE vault_name = ? AND restore_access_vault_arn = ?",
                RestoreAccesses::map, vaultName, restoreAccessVaultArn);
    }

    public Page<RestoreAccess> list(String vaultName, PageRequest page) {
        return tx.sql().page("restore_access_vaults", "restore_access_vault_arn",
                Filter.all().eq("vault_name", vaultName), page, RestoreAccesses::map);
    }

    public boolean delete(String vaultName, String restoreAccessVaultArn) {
        return tx.sql().update("DELETE FROM restore_access_vaults WHERE vault_name = ? AND restore_access_vault_arn = ?",
                vaultName, restoreAccessVaultArn) > 0;
    }

    private static RestoreAccess map(Row r) {
        return new RestoreAccess(r.string("vault_name"), r.string("restore_access_vault_arn"),
                r.instant("creation_millis"), r.string("requester_comment"));
    }
}
