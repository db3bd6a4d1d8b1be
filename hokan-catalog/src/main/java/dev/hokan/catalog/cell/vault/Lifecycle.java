package dev.hokan.catalog.cell.vault;

import java.time.Duration;
import java.time.Instant;

/** Retention of a recovery point in days after its creation; null members mean "never". */
public record Lifecycle(Long moveToColdStorageAfterDays, Long deleteAfterDays, Boolean optInToArchiveForSupportedResources) {
    public static final Lifecycle KEEP_FOREVER = new Lifecycle(null, null, null);

    public CalculatedLifecycle calculate(Instant creation) {
        return new CalculatedLifecycle(
                moveToColdStorageAfterDays == null ? null : creation.plus(Duration.ofDays(moveToColdStorageAfterDays)),
                deleteAfterDays == null ? null : creation.plus(Duration.ofDays(deleteAfterDays)));
    }

    public boolean isEmpty() {
        return moveToColdStorageAfterDays == null && deleteAfterDays == null && optInToArchiveForSupportedResources == null;
    }
}
