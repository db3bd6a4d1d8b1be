package dev.hokan.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * What to back up. {@code resource} names the protected resource; the newest snapshot of the same
 * resource is the parent an incremental backup compares against.
 */
public record BackupRequest(Path source, String resource, Map<String, String> tags, ProgressListener progress) {
    public BackupRequest {
        tags = Map.copyOf(tags);
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("a backup needs a resource name");
        }
    }

    public BackupRequest(Path source, String resource) {
        this(source, resource, Map.of(), ProgressListener.NONE);
    }
}
