package dev.hokan.catalog;

import java.util.Optional;

public final class Vaults {
    private final Tx tx;

    Vaults(Tx tx) {
        this.tx = tx;
    }

    public void insert(Vault v) {
        tx.update("INSERT INTO vaults (name, creation_millis, creator_request_id, encryption_key_arn, recovery_point_count)"
                + " VALUES (?, ?, ?, ?, 0)", v.name(), v.creationDate(), v.creatorRequestId(), v.encryptionKeyArn());
    }

    public Optional<Vault> find(String name) {
        return tx.one("SELECT * FROM vaults WHERE name = ?", Vaults::map, name);
    }

    public Page<Vault> list(PageRequest page) {
        return tx.page("vaults", "name", Filter.all(), page, Vaults::map);
    }

    public long count() {
        return tx.count("SELECT COUNT(*) AS n FROM vaults");
    }

    public void delete(String name) {
        tx.update("DELETE FROM vaults WHERE name = ?", name);
    }

    void adjustRecoveryPointCount(String name, long delta) {
        tx.update("UPDATE vaults SET recovery_point_count = recovery_point_count + ? WHERE name = ?", delta, name);
    }

    private static Vault map(Row r) {
        return new Vault(r.string("name"), r.instant("creation_millis"), r.string("creator_request_id"),
                r.string("encryption_key_arn"), r.longValue("recovery_point_count"));
    }
}
