package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.time.Instant;

/**
 * What every kind of job shares. A job is queued in its kind's table, taken by a worker and ends in a final state;
 * {@code resourceArn} is the resource it backed up, restores or copies a recovery point of.
 */
public sealed interface Job permits BackupJob, RestoreJob, CopyJob {
    String jobId();

    JobState state();

    String statusMessage();

    String resourceArn();

    ResourceType resourceType();

    String iamRoleArn();

    Instant creationDate();

    /** Null until the job has ended. */
    Instant completionDate();
}
