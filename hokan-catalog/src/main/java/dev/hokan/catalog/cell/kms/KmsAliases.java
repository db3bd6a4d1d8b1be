package dev.hokan.catalog.cell.kms;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.Optional;

/** The cell's KMS aliases. */
public final class KmsAliases {
    private final CellTx tx;

    public KmsAliases(CellTx tx) {
        this.tx = tx;
    }

    public void insert(KmsAlias a) {
        tx.sql().update("INSERT INTO kms_aliases (alias_name, key_id, creation_millis, updated_millis)"
                + " VALUES (?, ?, ?, ?)", a.aliasName(), a.keyId(), a.creationDate(), a.lastUpdated());
    }

    public Optional<KmsAlias> find(String aliasName) {
        return tx.sql().one("SELECT * FROM kms_aliases WHERE alias_name = ?", KmsAliases::map, aliasName);
    }

    public boolean delete(String aliasName) {
        return tx.sql().update("DELETE FROM kms_aliases WHERE alias_name = ?", aliasName) > 0;
    }

    public void deleteOfKey(String keyId) {
        tx.sql().update("DELETE FROM kms_aliases WHERE key_id = ?", keyId);
    }

    /** Aliases in creation order, of one key when {@code keyId} is given. */
    public Page<KmsAlias> list(String keyId, PageRequest page) {
        return tx.sql().page("kms_aliases", "alias_name", Filter.all().eq("key_id", keyId), page, KmsAliases::map);
    }

    private static KmsAlias map(Row r) {
        return new KmsAlias(r.string("alias_name"), r.string("key_id"), r.instant("creation_millis"),
                r.instant("updated_millis"));
    }
}
