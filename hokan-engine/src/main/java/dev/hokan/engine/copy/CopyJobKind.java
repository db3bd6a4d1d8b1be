package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.engine.job.JobKind;
import dev.hokan.engine.job.RunningJob;
import java.time.Instant;
import java.util.List;

/**
 * Copies wait CREATED and start as soon as a worker is free. Those whose node stopped start again from the
 * beginning, into the destination recovery point chosen when they were created.
 */
public final class CopyJobKind implements JobKind<CopyJob> {
    private final CopyExecution execution;

    public CopyJobKind(CopyExecution execution) {
        this.execution = execution;
    }

    @Override
    public List<CopyJob> waiting(CellTx tx) {
        return tx.copyJobs().inState(CopyJobState.CREATED);
    }

    @Override
    public CopyJob claimed(CopyJob job) {
        return job.withState(CopyJobState.RUNNING, null);
    }

    @Override
    public void execute(CopyJob job, RunningJob handle) {
        execution.run(job, handle);
    }

    @Override
    public List<CopyJob> held(CellTx tx) {
        return tx.copyJobs().inState(CopyJobState.RUNNING);
    }

    @Override
    public CopyJob interrupted(CopyJob job, Instant now) {
        return job.withState(CopyJobState.CREATED,
                "The server stopped while this copy was running; it starts again from the beginning");
    }
}
