package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Restores wait PENDING and start as soon as a worker is free; a restore test that has not started by the end of
 * its plan's start window is aborted. One whose node stopped fails: its target may hold part of the files, which a
 * new restore must be asked for knowingly.
 */
public final class RestoreJobKind implements JobKind<RestoreJob> {
    private final RestoreExecution execution;
    private final Function<RestoreJob, Optional<StartWindow>> startWindows;

    /** @param startWindows the start window of a restore job, which only restore tests have */
    public RestoreJobKind(RestoreExecution execution, Function<RestoreJob, Optional<StartWindow>> startWindows) {
        this.execution = execution;
        this.startWindows = startWindows;
    }

    @Override
    public List<RestoreJob> waiting(CellTx tx) {
        return tx.restoreJobs().inStatus(RestoreJobStatus.PENDING);
    }

    @Override
    public boolean hasStartWindow() {
        return true;
    }

    /** AWS has no EXPIRED restore job: a test that did not start in time is cancelled, which its API calls ABORTED. */
    @Override
    public Optional<RestoreJob> expired(RestoreJob job, Instant now) {
        return startWindows.apply(job).filter(window -> now.isAfter(window.endsAt())).map(window -> job.finished(
                RestoreJobStatus.ABORTED, "The restore test did not start within its start window (" + window.what()
                        + "), which ended at " + window.endsAt(), now, null));
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
