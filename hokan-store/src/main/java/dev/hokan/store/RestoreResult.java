package dev.hokan.store;

import java.time.Duration;

public record RestoreResult(long files, long bytes, Duration duration) {
}
