package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/** ListRestoreJobs / ListRestoreJobsByProtectedResource criteria; null members do not restrict. */
public record RestoreJobFilter(String resourceArn, RestoreJobStatus state, ResourceType resourceType,
                               Instant createdAfter, Instant createdBefore, Instant completeAfter,
                               Instant completeBefore, Instant pointCreatedAfter, Instant pointCreatedBefore,
                               String restoreTestingPlanArn)
        implements JobFilter {
}
