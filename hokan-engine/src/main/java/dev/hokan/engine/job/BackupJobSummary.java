package dev.hokan.engine.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/**
 * Number of jobs in {@code state} for {@code resourceType} (null: all types) created in [start, end);
 * {@code messageCategory} is null for jobs that have not ended.
 */
public record BackupJobSummary(String state, ResourceType resourceType, String messageCategory, long count,
                               Instant startTime, Instant endTime) {
}
