package dev.hokan.store;

import java.util.List;

/**
 * The outcome of a backup. {@code problems} lists files that could not be stored faithfully, {@code skipped}
 * special files (sockets, devices, pipes) that cannot be stored; {@code notReached} says where a backup asked to
 * finish early stopped, and is null when it ran to the end. The snapshot's manifest lists both as problems.
 */
public record BackupResult(String snapshotId, SnapshotStatus status, List<FileProblem> problems, List<String> skipped,
                           NotReached notReached, BackupStats stats) {
    public BackupResult {
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }
}
