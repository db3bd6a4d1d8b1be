package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.job.JobClaim;
import dev.hokan.store.backup.FinishSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A job handed to the worker pool. Stopping it before it starts keeps it from starting; stopping it while it
 * runs interrupts its thread, which the storage engine treats as cancellation. When its completion window ends,
 * a backup that can keep a partial result is told to finish now instead. The job commits through it, as long as
 * this node holds the job's claim ({@link JobLeases}); once it lost the claim, the job is interrupted and left to the
 * node that takes it over.
 */
public final class RunningJob {
    private final String resourceKey;
    private final Instant completeBy;
    private final boolean keepsPartialResult;
    private final FinishSignal finish = new FinishSignal();
    private Thread thread;
    private boolean stopRequested;
    private BackupJobState stopOutcome;
    private String stopReason;
    private boolean abandoned;
    private boolean committingEnd;
    private boolean endCommitted;
    private JobLeases leases;
    private JobClaim claim;
    private long leaseConfirmedNanos;

    /** @param keepsPartialResult whether the job keeps what is complete when its completion window ends */
    RunningJob(String resourceKey, Instant completeBy, boolean keepsPartialResult) {
        this.resourceKey = resourceKey;
        this.completeBy = completeBy;
        this.keepsPartialResult = keepsPartialResult;
    }

    /** When the job must have finished, or null when it has no completion window. */
    Instant completeBy() {
        return completeBy;
    }

    String resourceKey() {
        return resourceKey;
    }

    /** The job is this node's under {@code claim}, confirmed before {@code confirmedNanos} ({@link System#nanoTime}). */
    synchronized void hold(JobLeases jobLeases, JobClaim jobClaim, long confirmedNanos) {
        leases = jobLeases;
        claim = jobClaim;
        leaseConfirmedNanos = confirmedNanos;
    }

    synchronized JobClaim claim() {
        return claim;
    }

    /** The lease was renewed by a transaction that began at {@code confirmedNanos}. */
    synchronized void leaseRenewed(long confirmedNanos) {
        leaseConfirmedNanos = confirmedNanos;
    }

    /** Whether the lease, last renewed by a transaction that began at {@code leaseConfirmedNanos}, has run out. */
    synchronized boolean leaseEnded(long nowNanos, Duration lease) {
        return nowNanos - leaseConfirmedNanos >= lease.toNanos();
    }

    /**
     * Runs {@code work} in one catalog transaction while this node holds the job.
     *
     * @throws LeaseLostException when it no longer does; nothing was written
     */
    public <T> T commit(Function<CellTx, T> work) {
        return leases.commit(claim(), false, work);
    }

    /**
     * Commits the job's end as {@link #commit} does, giving up the claim with it. A renewal of the leases that finds the
     * claim gone meanwhile may have found it given up by this very commit: it does not interrupt the job, whose end
     * still fails if another node took the claim over first.
     */
    public <T> T commitEnd(Function<CellTx, T> work) {
        committingEnd(true);
        try {
            T result = leases.commit(claim(), true, work);
            endCommitted();
            return result;
        } finally {
            committingEnd(false);
        }
    }

    /** When the end was not committed, an abandonment that came meanwhile interrupts the job as it would have. */
    private synchronized void committingEnd(boolean committing) {
        committingEnd = committing;
        if (!committing && abandoned && !endCommitted && thread != null) {
            thread.interrupt();
        }
    }

    /**
     * The job's end is in the catalog and its claim given up: what the worker still does afterwards (a restore test's
     * validation) no longer depends on a lease, and losing the claim no longer stops it.
     */
    synchronized void endCommitted() {
        endCommitted = true;
        abandoned = false;
    }

    /** Whether this node still holds the job's claim and renews it. */
    synchronized boolean holdsClaim() {
        return !endCommitted;
    }

    /** @return false when the job was stopped before it could begin */
    public synchronized boolean begin() {
        if (stopRequested || abandoned) {
            return false;
        }
        thread = Thread.currentThread();
        return true;
    }

    /**
     * @param outcome the state the stopped job ends in
     * @param reason why the job was stopped, kept for its status message
     */
    synchronized void stop(BackupJobState outcome, String reason) {
        stopRequested = true;
        stopOutcome = outcome;
        stopReason = reason;
        if (thread != null && !committingEnd && !endCommitted) {
            thread.interrupt();
        }
    }

    /** Set when the job is to finish now and keep what is complete. */
    FinishSignal finishSignal() {
        return finish;
    }

    /**
     * Ends the job because its completion window is over: a job that keeps partial results is told to finish now
     * and keep what is complete, any other is stopped and keeps nothing. Calling it again changes nothing.
     */
    synchronized void completionWindowEnded() {
        String reason = "The completion window ended at " + completeBy + " before the backup finished";
        if (keepsPartialResult) {
            finish.finishNow(reason);
        } else if (!stopRequested) {
            stop(BackupJobState.ABORTED, reason + "; it was stopped and kept nothing");
        }
    }

    synchronized boolean stopRequested() {
        return stopRequested;
    }

    synchronized String stopReason() {
        return stopReason;
    }

    synchronized BackupJobState stopOutcome() {
        return stopOutcome;
    }

    /**
     * Interrupts the job because the server stops or this node lost the job's claim; it is left as it is in the
     * catalog, for the next start or the node that takes it over.
     */
    synchronized void abandon() {
        if (endCommitted) {
            return;
        }
        abandoned = true;
        if (thread != null && !committingEnd) {
            thread.interrupt();
        }
    }

    /** Whether the job was abandoned: it must end without a word in the catalog. */
    public synchronized boolean abandoned() {
        return abandoned;
    }

    synchronized void end() {
        thread = null;
        Thread.interrupted();
    }
}
