package dev.hokan.store;

import java.util.List;

/** The outcome of a backup; {@code skipped} lists special files (sockets, devices, pipes) that cannot be stored. */
public record BackupResult(String snapshotId, SnapshotStatus status, List<FileProblem> problems, List<String> skipped,
                           BackupStats stats) {
    public BackupResult {
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }
}
