package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class Accounts {
    private final IdentityTx tx;

    Accounts(IdentityTx tx) {
        this.tx = tx;
    }

    public void insert(DeploymentAccount a) {
        tx.sql().update("INSERT INTO accounts (account_id, name, creation_millis) VALUES (?, ?, ?)", a.accountId(), a.name(),
                a.creationDate());
    }

    public Optional<DeploymentAccount> find(String accountId) {
        return tx.sql().one("SELECT * FROM accounts WHERE account_id = ?", Accounts::map, accountId);
    }

    public List<DeploymentAccount> all() {
        return tx.sql().list("SELECT * FROM accounts ORDER BY account_id", Accounts::map);
    }

    private static DeploymentAccount map(Row r) {
        return new DeploymentAccount(r.string("account_id"), r.string("name"), r.instant("creation_millis"));
    }
}
