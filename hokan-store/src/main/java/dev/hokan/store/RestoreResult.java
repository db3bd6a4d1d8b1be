package dev.hokan.store;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a restore. {@code problems} lists what was restored without all its metadata: extended attributes
 * the target's file system refused, named pipes or devices that could not be made again.
 */
public record RestoreResult(long files, long bytes, Duration duration, List<FileProblem> problems) {
    public RestoreResult {
        problems = List.copyOf(problems);
    }
}
