package dev.hokan.catalog;

import java.time.Instant;

/**
 * A restorable backup of one resource, backed by the vault snapshot {@code snapshotId} in the tier named by
 * {@code storageClass}. {@code createdBy} is null for on-demand backups. A copy made by a copy job has the copy
 * job's ID as {@code backupJobId} and the ARN of the vault it was copied from as {@code sourceVaultArn}, which is
 * null otherwise.
 */
public record RecoveryPoint(String recoveryPointId, String vaultName, String resourceArn, ResourceType resourceType,
                            String resourceName, String snapshotId, RecoveryPointStatus status, String statusMessage,
                            Instant creationDate, Instant completionDate, long backupSizeInBytes, long fileCount,
                            String sourceLocation, Lifecycle lifecycle, String iamRoleArn, String backupJobId,
                            RecoveryPointCreator createdBy, Instant lastRestoreTime, StorageClass storageClass,
                            RetentionClock retention, String sourceVaultArn) {

    /**
     * The nominal lifecycle dates. As on AWS (seed 002) they do not move when a legal hold stops the retention
     * clock; {@link #coldMoveAt()} and {@link #expiresAt()} say when the lifecycle actually acts.
     */
    public CalculatedLifecycle calculatedLifecycle() {
        return lifecycle.calculate(creationDate);
    }

    /** When the lifecycle moves the point to cold storage: MoveToColdStorageAt plus time on hold; null if never. */
    public Instant coldMoveAt() {
        Instant at = calculatedLifecycle().moveToColdStorageAt();
        return at == null ? null : at.plus(retention.paused());
    }

    /**
     * When lifecycle expiry deletes the point: DeleteAt plus time on hold plus its place in the deletion window;
     * null if never.
     */
    public Instant expiresAt() {
        Instant deleteAt = calculatedLifecycle().deleteAt();
        return deleteAt == null ? null : deleteAt.plus(retention.paused()).plus(retention.expiryDelay());
    }

    public String backupPlanId() {
        return createdBy == null ? null : createdBy.backupPlanId();
    }

    public RecoveryPoint withLifecycle(Lifecycle newLifecycle) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                newLifecycle, iamRoleArn, backupJobId, createdBy, lastRestoreTime, storageClass, retention,
                sourceVaultArn);
    }

    public RecoveryPoint withStatus(RecoveryPointStatus newStatus, String message) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                newStatus, message, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                lifecycle, iamRoleArn, backupJobId, createdBy, lastRestoreTime, storageClass, retention,
                sourceVaultArn);
    }

    public RecoveryPoint restoredAt(Instant when) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                lifecycle, iamRoleArn, backupJobId, createdBy, when, storageClass, retention, sourceVaultArn);
    }

    /** The point's data now lives in {@code tier} as snapshot {@code newSnapshotId}. */
    public RecoveryPoint storedIn(StorageClass tier, String newSnapshotId) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, newSnapshotId,
                status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                lifecycle, iamRoleArn, backupJobId, createdBy, lastRestoreTime, tier, retention, sourceVaultArn);
    }

    public RecoveryPoint withRetention(RetentionClock clock) {
        return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                lifecycle, iamRoleArn, backupJobId, createdBy, lastRestoreTime, storageClass, clock, sourceVaultArn);
    }
}
