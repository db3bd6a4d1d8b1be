package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/** The criteria every job list takes; null members do not restrict. */
public interface JobFilter {
    JobState state();

    ResourceType resourceType();

    Instant createdAfter();

    Instant createdBefore();

    Instant completeAfter();

    Instant completeBefore();
}
