package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.engine.event.EventLog;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Restores wait PENDING and start as soon as a worker is free. One a stop interrupted fails: its target may hold
 * part of the files, which a new restore must be asked for knowingly.
 */
public final class RestoreJobKind implements JobKind<RestoreJob> {
    private final RestoreExecution execution;

    public RestoreJobKind(RestoreExecution execution) {
        this.execution = execution;
    }

    @Override
    public List<RestoreJob> waiting(CellTx tx) {
        return tx.restoreJobs().inStatus(RestoreJobStatus.PENDING);
    }

    @Override
    public RestoreJob claimed(RestoreJob job) {
        return job.withState(RestoreJobStatus.RUNNING, null);
    }

    @Override
    public void execute(RestoreJob job, RunningJob handle) {
        execution.run(job, handle);
    }

    @Override
    public Set<String> recoverInterrupted(CellTx tx, Instant now) {
        for (RestoreJob job : tx.restoreJobs().inStatus(RestoreJobStatus.RUNNING)) {
            EventLog.saveJob(tx, now, job.finished(RestoreJobStatus.FAILED, "The server stopped while this restore"
                    + " was running, so the target directory may hold part of the files; start a new restore job",
                    now, null));
        }
        return Set.of();
    }
}
