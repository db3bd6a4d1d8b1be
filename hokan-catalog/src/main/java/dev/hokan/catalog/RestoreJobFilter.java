package dev.hokan.catalog;

import java.time.Instant;

/** ListRestoreJobs / ListRestoreJobsByProtectedResource criteria; null members do not restrict. */
public record RestoreJobFilter(String sourceResourceArn, RestoreJobStatus status, ResourceType resourceType,
                               Instant createdAfter, Instant createdBefore, Instant completeAfter,
                               Instant completeBefore, Instant pointCreatedAfter, Instant pointCreatedBefore) {
}
