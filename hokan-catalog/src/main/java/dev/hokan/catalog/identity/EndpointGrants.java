package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class EndpointGrants {
    private static final String KEY = "account_id = ? AND network = ? AND port = ? AND endpoint_kind = ?";

    private final IdentityTx tx;

    EndpointGrants(IdentityTx tx) {
        this.tx = tx;
    }

    public void insert(EndpointGrant g) {
        tx.sql().update("INSERT INTO endpoint_grants (account_id, network, port, endpoint_kind, granted_by,"
                + " creation_millis) VALUES (?, ?, ?, ?, ?, ?)", g.accountId(), g.network(), g.port(), g.kind(),
                g.grantedBy(), g.creationDate());
    }

    public Optional<EndpointGrant> find(String accountId, String network, int port, EndpointKind kind) {
        return tx.sql().one("SELECT * FROM endpoint_grants WHERE " + KEY, EndpointGrants::map, accountId, network,
                port, kind);
    }

    public boolean delete(String accountId, String network, int port, EndpointKind kind) {
        return tx.sql().update("DELETE FROM endpoint_grants WHERE " + KEY, accountId, network, port, kind) > 0;
    }

    public List<EndpointGrant> ofAccount(String accountId) {
        return tx.sql().list("SELECT * FROM endpoint_grants WHERE account_id = ? ORDER BY network, port,"
                + " endpoint_kind", EndpointGrants::map, accountId);
    }

    public List<EndpointGrant> all() {
        return tx.sql().list("SELECT * FROM endpoint_grants ORDER BY account_id, network, port, endpoint_kind",
                EndpointGrants::map);
    }

    private static EndpointGrant map(Row r) {
        return new EndpointGrant(r.string("account_id"), r.string("network"), Math.toIntExact(r.longValue("port")),
                EndpointKind.valueOf(r.string("endpoint_kind")), r.string("granted_by"), r.instant("creation_millis"));
    }
}
