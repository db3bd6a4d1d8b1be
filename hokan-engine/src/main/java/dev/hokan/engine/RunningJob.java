package dev.hokan.engine;

import dev.hokan.catalog.BackupJobState;
import java.time.Instant;

/**
 * A job handed to the worker pool. Stopping it before it starts keeps it from starting; stopping it while it
 * runs interrupts its thread, which the storage engine treats as cancellation.
 */
final class RunningJob {
    private final String resourceKey;
    private final Instant completeBy;
    private Thread thread;
    private boolean stopRequested;
    private BackupJobState stopOutcome;
    private String stopReason;
    private boolean shuttingDown;

    RunningJob(String resourceKey, Instant completeBy) {
        this.resourceKey = resourceKey;
        this.completeBy = completeBy;
    }

    /** When the job must have finished, or null when it has no completion window. */
    Instant completeBy() {
        return completeBy;
    }

    String resourceKey() {
        return resourceKey;
    }

    /** @return false when the job was stopped before it could begin */
    synchronized boolean begin() {
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

    synchronized boolean shuttingDown() {
        return shuttingDown;
    }

    synchronized void end() {
        thread = null;
        Thread.interrupted();
    }
}
