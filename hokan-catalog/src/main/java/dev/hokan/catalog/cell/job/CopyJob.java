package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import java.time.Instant;

/**
 * A copy of one recovery point into a vault. {@code destinationRecoveryPointId} is chosen when the job is created,
 * so that a copy run again after a stop finds the point an earlier run recorded; {@code destinationRecoveryPointArn}
 * is set once the destination has recorded the copy. {@code createdBy} and {@code createdByBackupJobId} name the
 * plan rule and the backup that started the copy; both are null for on-demand copies.
 */
public record CopyJob(String jobId, String sourceVaultName, String sourceRecoveryPointId, String destinationVaultArn,
                      String destinationRecoveryPointId, String destinationRecoveryPointArn, String resourceArn,
                      ResourceType resourceType, String resourceName, String iamRoleArn, CopyJobState state,
                      String statusMessage, Instant creationDate, Instant completionDate, long backupSizeInBytes,
                      long bytesTransferred, Lifecycle lifecycle, RecoveryPointCreator createdBy,
                      String createdByBackupJobId) implements Job {

    public CopyJob withState(CopyJobState newState, String message) {
        return new CopyJob(jobId, sourceVaultName, sourceRecoveryPointId, destinationVaultArn,
                destinationRecoveryPointId, destinationRecoveryPointArn, resourceArn, resourceType, resourceName,
                iamRoleArn, newState, message, creationDate, completionDate, backupSizeInBytes, bytesTransferred,
                lifecycle, createdBy, createdByBackupJobId);
    }

    /** @param copyArn the recovery point the copy made, null when it made none */
    public CopyJob finished(CopyJobState finalState, String message, Instant at, String copyArn, long transferred) {
        return new CopyJob(jobId, sourceVaultName, sourceRecoveryPointId, destinationVaultArn,
                destinationRecoveryPointId, copyArn, resourceArn, resourceType, resourceName, iamRoleArn, finalState,
                message, creationDate, at, backupSizeInBytes, transferred, lifecycle, createdBy,
                createdByBackupJobId);
    }
}
