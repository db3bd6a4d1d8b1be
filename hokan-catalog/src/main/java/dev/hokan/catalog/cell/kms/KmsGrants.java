package dev.hokan.catalog.cell.kms;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

/** The grants on the cell's KMS keys. */
public final class KmsGrants {
    private final CellTx tx;

    public KmsGrants(CellTx tx) {
        this.tx = tx;
    }

    public void insert(KmsGrant g) {
        tx.sql().update("INSERT INTO kms_grants (grant_id, key_id, creation_millis, grant_name, grantee_principal,"
                        + " retiring_principal, issuing_account, operations, constraints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                g.grantId(), g.keyId(), g.creationDate(), g.name(), g.granteePrincipal(), g.retiringPrincipal(),
                g.issuingAccount(), CatalogJson.write(g.operations()), CatalogJson.write(g.constraints()));
    }

    public Optional<KmsGrant> find(String keyId, String grantId) {
        return tx.sql().one("SELECT * FROM kms_grants WHERE key_id = ? AND grant_id = ?", KmsGrants::map, keyId,
                grantId);
    }

    /** The key's grants to {@code granteePrincipal}. */
    public List<KmsGrant> ofGrantee(String keyId, String granteePrincipal) {
        return tx.sql().list("SELECT * FROM kms_grants WHERE key_id = ? AND grantee_principal = ?", KmsGrants::map,
                keyId, granteePrincipal);
    }

    /** A page of the key's grants, optionally only one grant or one grantee's. */
    public Page<KmsGrant> list(String keyId, String grantId, String granteePrincipal, PageRequest page) {
        return tx.sql().page("kms_grants", "grant_id", Filter.all().eq("key_id", keyId).eq("grant_id", grantId)
                .eq("grantee_principal", granteePrincipal), page, KmsGrants::map);
    }

    public boolean delete(String grantId) {
        return tx.sql().update("DELETE FROM kms_grants WHERE grant_id = ?", grantId) > 0;
    }

    public void deleteOfKey(String keyId) {
        tx.sql().update("DELETE FROM kms_grants WHERE key_id = ?", keyId);
    }

    private static KmsGrant map(Row r) {
        return new KmsGrant(r.string("grant_id"), r.string("key_id"), r.instant("creation_millis"),
                r.string("grant_name"), r.string("grantee_principal"), r.string("retiring_principal"),
                r.string("issuing_account"), List.of(CatalogJson.read(r.string("operations"), String[].class)),
                CatalogJson.read(r.string("constraints"), GrantConstraints.class));
    }
}
