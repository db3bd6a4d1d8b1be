package dev.hokan.engine.vault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server writes into the snapshots of its vaults besides the recovery point's own tags: the API's ID of
 * the recovery point, so that {@code hokan vault list} can name it for a vault read without the server.
 */
public final class SnapshotTags {
    public static final String RECOVERY_POINT_ID = "hokan:recovery-point-id";

    private SnapshotTags() {
    }

    public static Map<String, String> of(Map<String, String> tags, String recoveryPointId) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put(RECOVERY_POINT_ID, recoveryPointId);
        return all;
    }
}
