package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.engine.resource.ResourceKinds;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Backups wait CREATED until their start time, expire when their start window passes first, and never run two at
 * once for one resource. Those whose node stopped start again from the beginning.
 */
public final class BackupJobKind implements JobKind<BackupJob> {
    private final BackupExecution execution;

    public BackupJobKind(BackupExecution execution) {
        this.execution = execution;
    }

    @Override
    public List<BackupJob> waiting(CellTx tx) {
        return tx.backupJobs().inState(BackupJobState.CREATED);
    }

    @Override
    public boolean hasStartWindow() {
        return true;
    }

    @Override
    public Optional<BackupJob> expired(BackupJob job, Instant now) {
        return now.isAfter(job.startBy())
                ? Optional.of(job.finished(BackupJobState.EXPIRED, "The backup did not start within its start window,"
                        + " which ended at " + job.startBy(), now, job.recoveryPointId(), 0))
                : Optional.empty();
    }

    @Override
    public boolean due(BackupJob job, Instant now) {
        return !now.isBefore(job.startAfter());
    }

    @Override
    public BackupJob claimed(BackupJob job) {
        return job.withState(BackupJobState.RUNNING, null);
    }

    @Override
    public RunningJob running(BackupJob job) {
        return new RunningJob(job.resourceArn(), job.completeBy(), ResourceKinds.of(job.resourceType()).keepsPartialBackups());
    }

    @Override
    public void execute(BackupJob job, RunningJob handle) {
        execution.run(job, handle);
    }

    @Override
    public List<BackupJob> held(CellTx tx) {
        return Stream.of(BackupJobState.RUNNING, BackupJobState.ABORTING)
                .flatMap(state -> tx.backupJobs().inState(state).stream()).toList();
    }

    @Override
    public List<String> stopsRequested(CellTx tx) {
        return tx.backupJobs().inState(BackupJobState.ABORTING).stream().map(BackupJob::jobId).toList();
    }

    @Override
    public BackupJob interrupted(BackupJob job, Instant now) {
        return job.state() == BackupJobState.ABORTING
                ? job.finished(BackupJobState.ABORTED, "Stopped by StopBackupJob; the server stopped before the"
                        + " backup wound down", now, job.recoveryPointId(), 0)
                : job.withProgress(0, 0).withState(BackupJobState.CREATED,
                        "The server stopped while this backup was running; it starts again from the beginning");
    }

    @Override
    public Optional<String> vaultWritten(BackupJob job) {
        return Optional.of(job.vaultName());
    }
}
