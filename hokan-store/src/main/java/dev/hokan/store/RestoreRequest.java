package dev.hokan.store;

import java.nio.file.Path;
import java.util.List;

/** Restore a snapshot, or only the given relative paths of it, into {@code target}. */
public record RestoreRequest(String snapshotId, Path target, List<String> paths, boolean overwrite, ProgressListener progress) {
    public RestoreRequest {
        paths = List.copyOf(paths);
    }

    public RestoreRequest(String snapshotId, Path target) {
        this(snapshotId, target, List.of(), false, ProgressListener.NONE);
    }
}
