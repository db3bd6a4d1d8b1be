package dev.hokan.catalog;

import java.time.Instant;

/**
 * A restorable backup of one resource, backed by the vault snapshot {@code snapshotId}. {@code backupPlanId} is
 * null for on-demand backups.
 */
public record RecoveryPoint(String recoveryPointId, String vaultName, String resourceArn, ResourceType resourceType,
                            String resourceName, String snapshotId, RecoveryPointStatus status, String statusMessage,
                            Instant creationDate, Instant completionDate, long backupSizeInBytes, long fileCount,
                            String sourceLocation, Lifecycle lifecycle, String iamRoleArn, String backupJobId,
                            String backupPlanId, Instant lastRestoreTime) {

    public CalculatedLifecycle calculatedLifecycle() {
        return lifecycle.calculate(creationDate);
    }

    public RecoveryPoint withLifecycle(Lifecycle newLifecycle) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                newLifecycle, iamRoleArn, backupJobId, backupPlanId, lastRestoreTime);
    }

    public RecoveryPoint withStatus(RecoveryPointStatus newStatus, String message) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                newStatus, message, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                lifecycle, iamRoleArn, backupJobId, backupPlanId, lastRestoreTime);
    }

    public RecoveryPoint restoredAt(Instant when) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                lifecycle, iamRoleArn, backupJobId, backupPlanId, when);
    }
}
