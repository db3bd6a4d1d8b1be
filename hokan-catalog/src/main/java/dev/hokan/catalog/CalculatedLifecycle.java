package dev.hokan.catalog;

import java.time.Instant;

public record CalculatedLifecycle(Instant moveToColdStorageAt, Instant deleteAt) {
}
