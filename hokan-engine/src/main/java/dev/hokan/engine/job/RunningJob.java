package dev.hokan.engine.job;

import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.store.backup.FinishSignal;
import java.time.Instant;

/**
 * A job handed to the worker pool. Stopping it before it starts keeps it from starting; stopping it while it
 * runs interrupts its thread, which the storage engine treats as cancellation. When its completion window ends,
 * a backup that can keep a partial result is told to finish now instead.
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
    private boolean shuttingDown;

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

    /** @return false when the job was stopped before it could begin */
    public synchronized boolean begin() {
        if (stopRequested || shuttingDown) {
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
        if (thread != null) {
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

    /** Interrupts the job because the server stops; it is left as it is in the catalog for the next start. */
    synchronized void shutDown() {
        shuttingDown = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    public synchronized boolean shuttingDown() {
        return shuttingDown;
    }

    synchronized void end() {
        thread = null;
        Thread.interrupted();
    }
}
