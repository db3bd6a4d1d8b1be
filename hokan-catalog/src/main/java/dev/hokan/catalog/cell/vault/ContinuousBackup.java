package dev.hokan.catalog.cell.vault;

import java.time.Instant;

/**
 * What keeps a continuous recovery point current: the point, the resource and vault it belongs to, whether its
 * resource is still protected, the window of times it can be restored to (both null while nothing is restorable),
 * and the state of its stream, which only the resource's kind reads.
 */
public record ContinuousBackup(String recoveryPointId, String vaultName, String resourceArn, ContinuousStatus status,
                               Instant earliestRestorable, Instant latestRestorable, String streamState) {
    public ContinuousBackup withState(String state, Instant earliest, Instant latest) {
        return new ContinuousBackup(recoveryPointId, vaultName, resourceArn, status, earliest, latest, state);
    }

    public ContinuousBackup withStatus(ContinuousStatus changed) {
        return new ContinuousBackup(recoveryPointId, vaultName, resourceArn, changed, earliestRestorable,
                latestRestorable, streamState);
    }

    /** Whether a restore to {@code time} can be made: it lies in the window. */
    public boolean restorable(Instant time) {
        return earliestRestorable != null && !time.isBefore(earliestRestorable) && !time.isAfter(latestRestorable);
    }
}
