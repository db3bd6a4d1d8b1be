package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class Principals {
    private final IdentityTx tx;

    Principals(IdentityTx tx) {
        this.tx = tx;
    }

    public void insert(IamPrincipal p) {
        tx.sql().update("INSERT INTO principals (arn, account_id, kind, name, unique_id, creation_millis)"
                + " VALUES (?, ?, ?, ?, ?, ?)", p.arn(), p.accountId(), p.kind().name(), p.name(), p.uniqueId(),
                p.creationDate());
    }

    public Optional<IamPrincipal> find(String arn) {
        return tx.sql().one("SELECT * FROM principals WHERE arn = ?", Principals::map, arn);
    }

    public List<IamPrincipal> all() {
        return tx.sql().list("SELECT * FROM principals ORDER BY arn", Principals::map);
    }

    public List<IamPrincipal> ofAccount(String accountId) {
        return tx.sql().list("SELECT * FROM principals WHERE account_id = ? ORDER BY arn", Principals::map, accountId);
    }

    private static IamPrincipal map(Row r) {
        return new IamPrincipal(r.string("arn"), r.string("account_id"), PrincipalKind.valueOf(r.string("kind")),
                r.string("name"), r.string("unique_id"), r.instant("creation_millis"));
    }
}
