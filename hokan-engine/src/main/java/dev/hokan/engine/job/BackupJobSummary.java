package dev.hokan.engine.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/** Number of jobs in {@code state} for {@code resourceType} (null: all types) created in [start, end). */
public record BackupJobSummary(String state, ResourceType resourceType, long count, Instant startTime, Instant endTime) {
}
