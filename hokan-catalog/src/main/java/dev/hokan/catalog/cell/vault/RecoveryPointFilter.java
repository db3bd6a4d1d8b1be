package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/** ListRecoveryPointsByBackupVault criteria; null members do not restrict. */
public record RecoveryPointFilter(String resourceArn, ResourceType resourceType, String backupPlanId,
                                  Instant createdAfter, Instant createdBefore) {
}
