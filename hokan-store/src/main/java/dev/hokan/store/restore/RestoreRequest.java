package dev.hokan.store.restore;

import dev.hokan.store.ProgressListener;
import java.util.List;

/** Restore a snapshot, or only the given relative paths of it, into {@code sink}. */
public record RestoreRequest(String snapshotId, RestoreSink<?> sink, List<String> paths, ProgressListener progress) {
    public RestoreRequest {
        paths = List.copyOf(paths);
    }

    public RestoreRequest(String snapshotId, RestoreSink<?> sink) {
        this(snapshotId, sink, List.of(), ProgressListener.NONE);
    }
}
