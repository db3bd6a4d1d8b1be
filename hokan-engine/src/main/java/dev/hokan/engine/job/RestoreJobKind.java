package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import java.time.Instant;
import java.util.List;

/**
 * Restores wait PENDING and start as soon as a worker is free. One whose node stopped fails: its target may hold
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
    public List<RestoreJob> held(CellTx tx) {
        return tx.restoreJobs().inStatus(RestoreJobStatus.RUNNING);
    }

    @Override
    public RestoreJob interrupted(RestoreJob job, Instant now) {
        return job.finished(RestoreJobStatus.FAILED, "The server stopped while this restore was running, so the"
                + " target directory may hold part of the files; start a new restore job", now, null);
    }
}
