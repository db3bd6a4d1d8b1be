package dev.hokan.store;

import java.time.Duration;
import java.util.List;

/** What a restore wrote; {@code inconsistent} lists the files restored whose backup found them changing while read. */
public record RestoreResult(long files, long bytes, List<String> inconsistent, Duration duration) {
    public RestoreResult {
        inconsistent = List.copyOf(inconsistent);
    }
}
