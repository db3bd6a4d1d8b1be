package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/** ListBackupJobs criteria; null members do not restrict. */
public record BackupJobFilter(String resourceArn, BackupJobState state, String vaultName, ResourceType resourceType,
                              Instant createdAfter, Instant createdBefore, Instant completeAfter,
                              Instant completeBefore) implements JobFilter {
}
