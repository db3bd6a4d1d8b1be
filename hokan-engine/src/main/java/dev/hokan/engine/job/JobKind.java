package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.Job;
import dev.hokan.engine.Engine;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One kind of job the {@link JobDispatcher} runs: where its queue is, how a worker claims a job, how the job runs,
 * and what becomes of a job whose node stopped running it (the server stopped, or lost the job's lease:
 * {@link JobLeases}). A new kind of job implements this and is listed
 * where {@link Engine#start} registers the kinds.
 */
public interface JobKind<J extends Job> {
    /** The jobs waiting for a worker, oldest first. */
    List<J> waiting(CellTx tx);

    /**
     * Whether waiting jobs have a start window, and so are looked at even while every worker is busy. Without one,
     * a job is due at once and never expires.
     */
    default boolean hasStartWindow() {
        return false;
    }

    /** The job ended because its start window passed at {@code now}; empty while it may still start. */
    default Optional<J> expired(J job, Instant now) {
        return Optional.empty();
    }

    /** Whether the job's start time has come. */
    default boolean due(J job, Instant now) {
        return true;
    }

    /** The job as a worker takes it. */
    J claimed(J job);

    /** How the dispatcher follows the claimed job while it runs: by default bound to no resource nor window. */
    default RunningJob running(J job) {
        return new RunningJob(null, null, false);
    }

    /** Runs the claimed job on a worker thread. */
    void execute(J job, RunningJob handle);

    /** The jobs that a worker of some node may be running: those a node that stopped may have left. */
    List<J> held(CellTx tx);

    /** The IDs of the running jobs a caller asked to stop, on whichever node. */
    default List<String> stopsRequested(CellTx tx) {
        return List.of();
    }

    /** The job as it is saved when the node running it stopped: queued again, or ended. */
    J interrupted(J job, Instant now);

    /** The vault in which the job, interrupted, may have left data that no recovery point holds. */
    default Optional<String> vaultWritten(J job) {
        return Optional.empty();
    }
}
