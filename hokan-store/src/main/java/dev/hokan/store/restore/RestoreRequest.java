package dev.hokan.store.restore;

import dev.hokan.store.ProgressListener;
import java.util.List;

/**
 * Restore a snapshot, or only the given relative paths of it, into {@code sink}; {@code resumeFrom} is where an earlier
 * run of the same restore into the same sink stopped, null for a new restore.
 */
public record RestoreRequest(String snapshotId, RestoreSink<?> sink, List<String> paths, ProgressListener progress,
                             RestoreCheckpoint resumeFrom) {
    public RestoreRequest {
        paths = List.copyOf(paths);
    }

    public RestoreRequest(String snapshotId, RestoreSink<?> sink, List<String> paths, ProgressListener progress) {
        this(snapshotId, sink, paths, progress, null);
    }

    public RestoreRequest(String snapshotId, RestoreSink<?> sink) {
        this(snapshotId, sink, List.of(), ProgressListener.NONE);
    }
}
