package dev.hokan.store.restore;

import dev.hokan.store.FileProblem;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of a restore. {@code inconsistent} lists the files restored whose backup found them changing while
 * read; {@code problems} what was restored without all its metadata: extended attributes the target's file system
 * refused, named pipes or devices that could not be made again.
 */
public record RestoreResult(long files, long bytes, List<String> inconsistent, Duration duration,
                            List<FileProblem> problems) {
    public RestoreResult {
        inconsistent = List.copyOf(inconsistent);
        problems = List.copyOf(problems);
    }
}
