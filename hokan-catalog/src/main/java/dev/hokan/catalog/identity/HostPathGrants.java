package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class HostPathGrants {
    private final IdentityTx tx;

    HostPathGrants(IdentityTx tx) {
        this.tx = tx;
    }

    public void insert(HostPathGrant g) {
        tx.sql().update("INSERT INTO host_path_grants (account_id, path, host_path_use, granted_by, creation_millis)"
                + " VALUES (?, ?, ?, ?, ?)", g.accountId(), g.path(), g.use(), g.grantedBy(), g.creationDate());
    }

    public Optional<HostPathGrant> find(String accountId, String path, HostPathUse use) {
        return tx.sql().one("SELECT * FROM host_path_grants WHERE account_id = ? AND path = ? AND host_path_use = ?",
                HostPathGrants::map, accountId, path, use);
    }

    public boolean delete(String accountId, String path, HostPathUse use) {
        return tx.sql().update("DELETE FROM host_path_grants WHERE account_id = ? AND path = ? AND host_path_use = ?",
                accountId, path, use) > 0;
    }

    public List<HostPathGrant> ofAccount(String accountId) {
        return tx.sql().list("SELECT * FROM host_path_grants WHERE account_id = ? ORDER BY path, host_path_use",
                HostPathGrants::map, accountId);
    }

    public List<HostPathGrant> all() {
        return tx.sql().list("SELECT * FROM host_path_grants ORDER BY account_id, path, host_path_use",
                HostPathGrants::map);
    }

    private static HostPathGrant map(Row r) {
        return new HostPathGrant(r.string("account_id"), r.string("path"),
                HostPathUse.valueOf(r.string("host_path_use")), r.string("granted_by"), r.instant("creation_millis"));
    }
}
