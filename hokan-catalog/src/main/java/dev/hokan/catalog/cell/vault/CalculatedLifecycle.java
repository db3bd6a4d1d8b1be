package dev.hokan.catalog.cell.vault;

import java.time.Instant;

public record CalculatedLifecycle(Instant moveToColdStorageAt, Instant deleteAt) {
}
