package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;
import java.util.Map;

/**
 * A restore of one recovery point; {@code metadata} is what the caller passed to StartRestoreJob, or what a restore
 * testing plan restored with; {@code test} is null but for the restores of a restore testing plan.
 */
public record RestoreJob(String jobId, String recoveryPointId, String vaultName, String resourceArn,
                         ResourceType resourceType, RestoreJobStatus state, String statusMessage,
                         Instant creationDate, Instant completionDate, double percentDone, long backupSizeInBytes,
                         String iamRoleArn, String createdResourceArn, Map<String, String> metadata,
                         Instant recoveryPointCreationDate, RestoreTest test) implements Job {

    public RestoreJob withState(RestoreJobStatus newState, String message) {
        return new RestoreJob(jobId, recoveryPointId, vaultName, resourceArn, resourceType, newState, message,
                creationDate, completionDate, percentDone, backupSizeInBytes, iamRoleArn, createdResourceArn,
                metadata, recoveryPointCreationDate, test);
    }

    public RestoreJob withProgress(long bytesDone, long bytesTotal) {
        double percent = bytesTotal <= 0 ? 0.0 : Math.min(100.0, 100.0 * bytesDone / bytesTotal);
        return new RestoreJob(jobId, recoveryPointId, vaultName, resourceArn, resourceType, state,
                statusMessage, creationDate, completionDate, percent, backupSizeInBytes, iamRoleArn,
                createdResourceArn, metadata, recoveryPointCreationDate, test);
    }

    public RestoreJob finished(RestoreJobStatus finalStatus, String message, Instant at, String createdArn) {
        return new RestoreJob(jobId, recoveryPointId, vaultName, resourceArn, resourceType, finalStatus,
                message, creationDate, at, finalStatus == RestoreJobStatus.COMPLETED ? 100.0 : percentDone,
                backupSizeInBytes, iamRoleArn, createdArn, metadata, recoveryPointCreationDate, test);
    }

    public RestoreJob withTest(RestoreTest newTest) {
        return new RestoreJob(jobId, recoveryPointId, vaultName, resourceArn, resourceType, state, statusMessage,
                creationDate, completionDate, percentDone, backupSizeInBytes, iamRoleArn, createdResourceArn, metadata,
                recoveryPointCreationDate, newTest);
    }
}
