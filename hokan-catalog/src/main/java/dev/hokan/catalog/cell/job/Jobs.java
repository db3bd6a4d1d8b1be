package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.CellTx;
import java.util.Optional;

/** Jobs of every kind, each kept in the table of its kind. */
public final class Jobs {
    private final CellTx tx;

    public Jobs(CellTx tx) {
        this.tx = tx;
    }

    public void insert(Job job) {
        switch (job) {
            case BackupJob j -> tx.backupJobs().insert(j);
            case RestoreJob j -> tx.restoreJobs().insert(j);
            case CopyJob j -> tx.copyJobs().insert(j);
        }
    }

    /** The job as stored now, empty when it is not. */
    public Optional<? extends Job> find(Job job) {
        return switch (job) {
            case BackupJob j -> tx.backupJobs().find(j.jobId());
            case RestoreJob j -> tx.restoreJobs().find(j.jobId());
            case CopyJob j -> tx.copyJobs().find(j.jobId());
        };
    }

    /**
     * Saves the mutable part of the job: state, message, progress, completion and result.
     *
     * @return the state the job had before, empty when it was not stored
     */
    public Optional<JobState> update(Job job) {
        Optional<? extends Job> before = find(job);
        switch (job) {
            case BackupJob j -> tx.backupJobs().update(j);
            case RestoreJob j -> tx.restoreJobs().update(j);
            case CopyJob j -> tx.copyJobs().update(j);
        }
        return before.map(Job::state);
    }
}
