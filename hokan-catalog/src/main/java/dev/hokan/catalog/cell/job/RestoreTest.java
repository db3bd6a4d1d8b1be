package dev.hokan.catalog.cell.job;

import java.time.Duration;
import java.time.Instant;

/**
 * What a restore job made by a restore testing plan adds: the plan, how the check of the restored data came out,
 * how long after the restore a caller's own check may still override it ({@code validationWindowHours}, which ends
 * at {@code validationWindowEnd} once the restore has ended), the deletion of the scratch target, and what the test
 * measured: {@code rpo} (the recovery point's age when it was restored) and {@code rto} (how long the restore
 * took), known once the restore completed.
 */
public record RestoreTest(String planArn, int validationWindowHours, RestoreValidationStatus validationStatus,
                          String validationMessage, Instant validationWindowEnd, RestoreDeletionStatus deletionStatus,
                          String deletionMessage, Duration rpo, Duration rto) {

    public static RestoreTest of(String planArn, int validationWindowHours) {
        return new RestoreTest(planArn, validationWindowHours, null, null, null, null, null, null, null);
    }

    public RestoreTest measured(Duration pointAge, Duration restoreTime) {
        return new RestoreTest(planArn, validationWindowHours, validationStatus, validationMessage,
                validationWindowEnd, deletionStatus, deletionMessage, pointAge, restoreTime);
    }

    public RestoreTest validated(RestoreValidationStatus status, String message, Instant windowEnd) {
        return new RestoreTest(planArn, validationWindowHours, status, message, windowEnd, deletionStatus,
                deletionMessage, rpo, rto);
    }

    public RestoreTest deletion(RestoreDeletionStatus status, String message) {
        return new RestoreTest(planArn, validationWindowHours, validationStatus, validationMessage,
                validationWindowEnd, status, message, rpo, rto);
    }
}
