package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import java.time.Instant;
import java.util.Map;

/**
 * A backup of one resource into one vault. It waits (CREATED) until {@code startAfter} and must start by
 * {@code startBy}; {@code completeBy} is null when no completion window was given; {@code recoveryPointId} is set
 * once the backup has produced a recovery point; {@code createdBy} is null for on-demand backups.
 */
public record BackupJob(String jobId, String vaultName, String resourceArn, ResourceType resourceType,
                        String resourceName, String iamRoleArn, BackupJobState state, String statusMessage,
                        Instant creationDate, Instant startAfter, Instant startBy, Instant completeBy,
                        Instant completionDate, double percentDone, long bytesTransferred, long backupSizeInBytes,
                        String recoveryPointId, Lifecycle lifecycle, Map<String, String> recoveryPointTags,
                        RecoveryPointCreator createdBy) implements Job {

    public BackupJob withState(BackupJobState newState, String message) {
        return new BackupJob(jobId, vaultName, resourceArn, resourceType, resourceName, iamRoleArn, newState, message,
                creationDate, startAfter, startBy, completeBy, completionDate, percentDone, bytesTransferred,
                backupSizeInBytes, recoveryPointId, lifecycle, recoveryPointTags, createdBy);
    }

    public BackupJob withProgress(long bytesDone, long bytesTotal) {
        double percent = bytesTotal <= 0 ? 0.0 : Math.min(100.0, 100.0 * bytesDone / bytesTotal);
        return new BackupJob(jobId, vaultName, resourceArn, resourceType, resourceName, iamRoleArn, state,
                statusMessage, creationDate, startAfter, startBy, completeBy, completionDate, percent, bytesDone,
                bytesTotal, recoveryPointId, lifecycle, recoveryPointTags, createdBy);
    }

    public BackupJob finished(BackupJobState finalState, String message, Instant at, String pointId, long sizeInBytes) {
        return new BackupJob(jobId, vaultName, resourceArn, resourceType, resourceName, iamRoleArn, finalState,
                message, creationDate, startAfter, startBy, completeBy, at,
                finalState == BackupJobState.COMPLETED || finalState == BackupJobState.PARTIAL ? 100.0 : percentDone,
                bytesTransferred, sizeInBytes, pointId, lifecycle, recoveryPointTags, createdBy);
    }
}
