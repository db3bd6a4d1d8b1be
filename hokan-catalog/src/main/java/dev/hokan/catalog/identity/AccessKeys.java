package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class AccessKeys {
    private final IdentityTx tx;

    AccessKeys(IdentityTx tx) {
        this.tx = tx;
    }

    public void insert(AccessKey k) {
        tx.sql().update("INSERT INTO access_keys (access_key_id, secret_access_key, principal_arn, creation_millis)"
                + " VALUES (?, ?, ?, ?)", k.accessKeyId(), k.secretAccessKey(), k.principalArn(), k.creationDate());
    }

    public Optional<AccessKey> find(String accessKeyId) {
        return tx.sql().one("SELECT * FROM access_keys WHERE access_key_id = ?", AccessKeys::map, accessKeyId);
    }

    public List<AccessKey> all() {
        return tx.sql().list("SELECT * FROM access_keys", AccessKeys::map);
    }

    public List<AccessKey> ofPrincipal(String principalArn) {
        return tx.sql().list("SELECT * FROM access_keys WHERE principal_arn = ? ORDER BY creation_millis, access_key_id",
                AccessKeys::map, principalArn);
    }

    public boolean delete(String accessKeyId) {
        return tx.sql().update("DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId) > 0;
    }

    private static AccessKey map(Row r) {
        return new AccessKey(r.string("access_key_id"), r.string("secret_access_key"), r.string("principal_arn"),
                r.instant("creation_millis"));
    }
}
