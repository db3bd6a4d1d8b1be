package dev.hokan.store.backup;

import dev.hokan.store.ProgressListener;
import java.util.Map;

/**
 * What to back up. {@code resource} names the protected resource; the newest snapshot of the same
 * resource is the parent an incremental backup compares against. Through {@code finish} the caller can end
 * the backup early and keep what is complete.
 */
public record BackupRequest(BackupSource source, String resource, Map<String, String> tags, ProgressListener progress,
                            FinishSignal finish) {
    public BackupRequest {
        tags = Map.copyOf(tags);
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("a backup needs a resource name");
        }
    }

    public BackupRequest(BackupSource source, String resource, Map<String, String> tags, ProgressListener progress) {
        this(source, resource, tags, progress, new FinishSignal());
    }

    public BackupRequest(BackupSource source, String resource) {
        this(source, resource, Map.of(), ProgressListener.NONE);
    }
}
