package dev.hokan.engine;

import dev.hokan.catalog.CopyJob;
import dev.hokan.catalog.CopyJobState;
import dev.hokan.catalog.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Copies wait CREATED and start as soon as a worker is free. Those a stop interrupted start again from the
 * beginning, into the destination recovery point chosen when they were created.
 */
final class CopyJobKind implements JobKind<CopyJob> {
    private final CopyExecution execution;

    CopyJobKind(CopyExecution execution) {
        this.execution = execution;
    }

    @Override
    public List<CopyJob> waiting(Tx tx) {
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
    public Set<String> recoverInterrupted(Tx tx, Instant now) {
        for (CopyJob job : tx.copyJobs().inState(CopyJobState.RUNNING)) {
            EventLog.saveJob(tx, now, job.withState(CopyJobState.CREATED,
                    "The server stopped while this copy was running; it starts again from the beginning"));
        }
        return Set.of();
    }
}
