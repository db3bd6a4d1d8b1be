package dev.hokan.engine.restoretest;

import dev.hokan.catalog.cell.job.RestoreJob;
import java.time.Duration;
import java.time.Instant;

/**
 * One restore test and what it measured, for the controls and metrics that read them: {@code rpo}, the age of the
 * recovery point when it was restored; {@code rto}, how long the restore took; both null unless the restore
 * completed.
 */
public record RestoreTestResult(String restoreJobId, String restoreTestingPlanArn, String resourceArn,
                                String resourceType, String status, String validationStatus,
                                Instant recoveryPointCreationDate, Instant completionDate, Duration rpo, Duration rto) {
    static RestoreTestResult of(RestoreJob j) {
        return new RestoreTestResult(j.jobId(), j.test().planArn(), j.resourceArn(), j.resourceType().wireName(),
                j.state().name(), j.test().validationStatus() == null ? null : j.test().validationStatus().name(),
                j.recoveryPointCreationDate(), j.completionDate(), j.test().rpo(), j.test().rto());
    }
}
