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
 * its plan's start window is aborted. One whose node stopped waits PENDING again and resumes from its checkpoint on
 * the node that claims it next ({@link RestoreExecution}).
 */
public final class RestoreJobKind implements JobKind<RestoreJob> {
    /** The status message of a restore whose node stopped, until a node resumes it. */
    static final String TAKEN_OVER = "The server running this restore stopped; it resumes from the files it had"
            + " restored";

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

    /**
     * AWS has no EXPIRED restore job: a test that did not start in time is cancelled, which its API calls ABORTED. One
     * taken over had started.
     */
    @Override
    public Optional<RestoreJob> expired(RestoreJob job, Instant now) {
        if (TAKEN_OVER.equals(job.statusMessage())) {
            return Optional.empty();
        }
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
        return job.withState(RestoreJobStatus.PENDING, TAKEN_OVER);
    }
}
