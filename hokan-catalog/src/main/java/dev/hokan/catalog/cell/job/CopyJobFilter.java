package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/** ListCopyJobs criteria; null members do not restrict. */
public record CopyJobFilter(String resourceArn, CopyJobState state, ResourceType resourceType,
                            String destinationVaultArn, String sourceRecoveryPointId, Instant createdAfter,
                            Instant createdBefore, Instant completeAfter, Instant completeBefore) implements JobFilter {
}
