package dev.hokan.catalog;

import java.util.List;
import java.util.Optional;

public final class Accounts {
    private final Tx tx;

    Accounts(Tx tx) {
        this.tx = tx;
    }

    public void insert(DirectoryAccount a) {
        tx.update("INSERT INTO accounts (account_id, name, creation_millis) VALUES (?, ?, ?)", a.accountId(), a.name(),
                a.creationDate());
    }

    public Optional<DirectoryAccount> find(String accountId) {
        return tx.one("SELECT * FROM accounts WHERE account_id = ?", Accounts::map, accountId);
    }

    public List<DirectoryAccount> all() {
        return tx.list("SELECT * FROM accounts ORDER BY account_id", Accounts::map);
    }

    private static DirectoryAccount map(Row r) {
        return new DirectoryAccount(r.string("account_id"), r.string("name"), r.instant("creation_millis"));
    }
}
