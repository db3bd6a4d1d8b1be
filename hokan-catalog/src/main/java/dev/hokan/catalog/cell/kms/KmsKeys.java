package dev.hokan.catalog.cell.kms;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The cell's KMS keys and the sealed versions of their material. */
public final class KmsKeys {
    private final CellTx tx;

    public KmsKeys(CellTx tx) {
        this.tx = tx;
    }

    public void insert(KmsKey k) {
        tx.sql().update("INSERT INTO kms_keys (key_id, creation_millis, description, key_manager, key_state, policy,"
                        + " rotation_period_days, next_rotation_millis, deletion_millis, pending_window_days)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                k.keyId(), k.creationDate(), k.description(), k.manager(), k.state(), k.policy(),
                k.rotationPeriodDays(), k.nextRotation(), k.deletionDate(), k.pendingWindowDays());
    }

    public void update(KmsKey k) {
        tx.sql().update("UPDATE kms_keys SET description = ?, key_state = ?, policy = ?, rotation_period_days = ?,"
                        + " next_rotation_millis = ?, deletion_millis = ?, pending_window_days = ? WHERE key_id = ?",
                k.description(), k.state(), k.policy(), k.rotationPeriodDays(), k.nextRotation(), k.deletionDate(),
                k.pendingWindowDays(), k.keyId());
    }

    public Optional<KmsKey> find(String keyId) {
        return tx.sql().one("SELECT * FROM kms_keys WHERE key_id = ?", KmsKeys::map, keyId);
    }

    /** Keys in creation order. */
    public Page<KmsKey> list(PageRequest page) {
        return tx.sql().page("kms_keys", "key_id", Filter.all(), page, KmsKeys::map);
    }

    /** Keys whose scheduled deletion is due at {@code now}. */
    public List<KmsKey> deletionDue(Instant now) {
        return tx.sql().list("SELECT * FROM kms_keys WHERE key_state = ? AND deletion_millis <= ?", KmsKeys::map,
                KeyState.PENDING_DELETION, now);
    }

    /** Enabled keys whose automatic rotation is due at {@code now}. */
    public List<KmsKey> rotationDue(Instant now) {
        return tx.sql().list("SELECT * FROM kms_keys WHERE key_state = ? AND next_rotation_millis <= ?",
                KmsKeys::map, KeyState.ENABLED, now);
    }

    /** Deletes the key and every version of its material. */
    public void delete(String keyId) {
        tx.sql().update("DELETE FROM kms_key_versions WHERE key_id = ?", keyId);
        tx.sql().update("DELETE FROM kms_keys WHERE key_id = ?", keyId);
    }

    public void insertVersion(KeyVersion v) {
        tx.sql().update("INSERT INTO kms_key_versions (key_id, version, creation_millis, sealed_material)"
                        + " VALUES (?, ?, ?, ?)", v.keyId(), v.version(), v.creationDate(),
                Base64.getEncoder().encodeToString(v.sealedMaterial()));
    }

    public Optional<KeyVersion> version(String keyId, int version) {
        return tx.sql().one("SELECT * FROM kms_key_versions WHERE key_id = ? AND version = ?", KmsKeys::mapVersion,
                keyId, version);
    }

    /** The version that encrypts now: the newest. */
    public Optional<KeyVersion> latestVersion(String keyId) {
        return tx.sql().one("SELECT * FROM kms_key_versions WHERE key_id = ? ORDER BY version DESC LIMIT 1",
                KmsKeys::mapVersion, keyId);
    }

    /** Every version of every key, for re-sealing them all. */
    public List<KeyVersion> allVersions() {
        return tx.sql().list("SELECT * FROM kms_key_versions ORDER BY key_id, version", KmsKeys::mapVersion);
    }

    public void updateVersion(KeyVersion v) {
        tx.sql().update("UPDATE kms_key_versions SET sealed_material = ? WHERE key_id = ? AND version = ?",
                Base64.getEncoder().encodeToString(v.sealedMaterial()), v.keyId(), v.version());
    }

    private static KmsKey map(Row r) {
        Long period = r.longOrNull("rotation_period_days");
        Long window = r.longOrNull("pending_window_days");
        Long next = r.longOrNull("next_rotation_millis");
        Long deletion = r.longOrNull("deletion_millis");
        return new KmsKey(r.string("key_id"), r.instant("creation_millis"), r.string("description"),
                KeyManager.valueOf(r.string("key_manager")), KeyState.valueOf(r.string("key_state")),
                r.string("policy"), period == null ? null : period.intValue(),
                next == null ? null : Instant.ofEpochMilli(next), deletion == null ? null : Instant.ofEpochMilli(deletion),
                window == null ? null : window.intValue());
    }

    private static KeyVersion mapVersion(Row r) {
        return new KeyVersion(r.string("key_id"), (int) r.longValue("version"), r.instant("creation_millis"),
                Base64.getDecoder().decode(r.string("sealed_material")));
    }
}
