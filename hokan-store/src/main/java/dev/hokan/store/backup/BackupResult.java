package dev.hokan.store.backup;

import dev.hokan.store.FileProblem;
import dev.hokan.store.SnapshotStatus;
import java.util.List;

/**
 * The outcome of a backup. {@code problems} lists files that could not be stored, {@code inconsistent} files stored
 * although they changed while being read, twice (their copy may mix two versions), {@code skipped} special files
 * (sockets, devices, pipes) that cannot be stored; {@code notReached} says where a backup asked to finish early
 * stopped, and is null when it ran to the end. The snapshot's manifest lists all but the skipped files as problems.
 */
public record BackupResult(String snapshotId, SnapshotStatus status, List<FileProblem> problems,
                           List<String> inconsistent, List<String> skipped, NotReached notReached, BackupStats stats) {
    public BackupResult {
        problems = List.copyOf(problems);
        inconsistent = List.copyOf(inconsistent);
        skipped = List.copyOf(skipped);
    }
}
