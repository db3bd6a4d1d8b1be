package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/**
 * A restorable backup of one resource, backed by the vault snapshot {@code snapshotId} in the tier named by
 * {@code storageClass}. {@code createdBy} is null for on-demand backups. A copy made by a copy job has the copy
 * job's ID as {@code backupJobId} and the ARN of the vault it was copied from as {@code sourceVaultArn}, which is
 * null otherwise. Build one with {@link #builder()}, change one with {@link #toBuilder()}.
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
        return toBuilder().lifecycle(newLifecycle).build();
    }

    public RecoveryPoint withStatus(RecoveryPointStatus newStatus, String message) {
        return toBuilder().status(newStatus).statusMessage(message).build();
    }

    public RecoveryPoint restoredAt(Instant when) {
        return toBuilder().lastRestoreTime(when).build();
    }

    /** The point's data now lives in {@code tier} as snapshot {@code newSnapshotId}. */
    public RecoveryPoint storedIn(StorageClass tier, String newSnapshotId) {
        return toBuilder().storageClass(tier).snapshotId(newSnapshotId).build();
    }

    public RecoveryPoint withRetention(RetentionClock clock) {
        return toBuilder().retention(clock).build();
    }

    /** A builder with every component unset (null, zero or false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this recoverypoint's components, to change a few of them. */
    public Builder toBuilder() {
        return builder()
                .recoveryPointId(recoveryPointId)
                .vaultName(vaultName)
                .resourceArn(resourceArn)
                .resourceType(resourceType)
                .resourceName(resourceName)
                .snapshotId(snapshotId)
                .status(status)
                .statusMessage(statusMessage)
                .creationDate(creationDate)
                .completionDate(completionDate)
                .backupSizeInBytes(backupSizeInBytes)
                .fileCount(fileCount)
                .sourceLocation(sourceLocation)
                .lifecycle(lifecycle)
                .iamRoleArn(iamRoleArn)
                .backupJobId(backupJobId)
                .createdBy(createdBy)
                .lastRestoreTime(lastRestoreTime)
                .storageClass(storageClass)
                .retention(retention)
                .sourceVaultArn(sourceVaultArn);
    }

    /** Builds a {@code RecoveryPoint} by naming its components, so that no call depends on their order. */
    public static final class Builder {
        private String recoveryPointId;
        private String vaultName;
        private String resourceArn;
        private ResourceType resourceType;
        private String resourceName;
        private String snapshotId;
        private RecoveryPointStatus status;
        private String statusMessage;
        private Instant creationDate;
        private Instant completionDate;
        private long backupSizeInBytes;
        private long fileCount;
        private String sourceLocation;
        private Lifecycle lifecycle;
        private String iamRoleArn;
        private String backupJobId;
        private RecoveryPointCreator createdBy;
        private Instant lastRestoreTime;
        private StorageClass storageClass;
        private RetentionClock retention;
        private String sourceVaultArn;

        private Builder() {
        }

        public Builder recoveryPointId(String recoveryPointId) {
            this.recoveryPointId = recoveryPointId;
            return this;
        }

        public Builder vaultName(String vaultName) {
            this.vaultName = vaultName;
            return this;
        }

        public Builder resourceArn(String resourceArn) {
            this.resourceArn = resourceArn;
            return this;
        }

        public Builder resourceType(ResourceType resourceType) {
            this.resourceType = resourceType;
            return this;
        }

        public Builder resourceName(String resourceName) {
            this.resourceName = resourceName;
            return this;
        }

        public Builder snapshotId(String snapshotId) {
            this.snapshotId = snapshotId;
            return this;
        }

        public Builder status(RecoveryPointStatus status) {
            this.status = status;
            return this;
        }

        public Builder statusMessage(String statusMessage) {
            this.statusMessage = statusMessage;
            return this;
        }

        public Builder creationDate(Instant creationDate) {
            this.creationDate = creationDate;
            return this;
        }

        public Builder completionDate(Instant completionDate) {
            this.completionDate = completionDate;
            return this;
        }

        public Builder backupSizeInBytes(long backupSizeInBytes) {
            this.backupSizeInBytes = backupSizeInBytes;
            return this;
        }

        public Builder fileCount(long fileCount) {
            this.fileCount = fileCount;
            return this;
        }

        public Builder sourceLocation(String sourceLocation) {
            this.sourceLocation = sourceLocation;
            return this;
        }

        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
            return this;
        }

        public Builder iamRoleArn(String iamRoleArn) {
            this.iamRoleArn = iamRoleArn;
            return this;
        }

        public Builder backupJobId(String backupJobId) {
            this.backupJobId = backupJobId;
            return this;
        }

        public Builder createdBy(RecoveryPointCreator createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        public Builder lastRestoreTime(Instant lastRestoreTime) {
            this.lastRestoreTime = lastRestoreTime;
            return this;
        }

        public Builder storageClass(StorageClass storageClass) {
            this.storageClass = storageClass;
            return this;
        }

        public Builder retention(RetentionClock retention) {
            this.retention = retention;
            return this;
        }

        public Builder sourceVaultArn(String sourceVaultArn) {
            this.sourceVaultArn = sourceVaultArn;
            return this;
        }

        public RecoveryPoint build() {
            return new RecoveryPoint(recoveryPointId, vaultName, resourceArn, resourceType, resourceName, snapshotId,
                    status, statusMessage, creationDate, completionDate, backupSizeInBytes, fileCount, sourceLocation,
                    lifecycle, iamRoleArn, backupJobId, createdBy, lastRestoreTime, storageClass, retention,
                    sourceVaultArn);
        }
    }
}
