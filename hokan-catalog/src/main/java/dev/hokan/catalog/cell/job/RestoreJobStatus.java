package dev.hokan.catalog.cell.job;

/** A restore job's state, which AWS calls its status. */
public enum RestoreJobStatus implements JobState {
    PENDING, RUNNING, COMPLETED, ABORTED, FAILED;

    @Override
    public boolean isFinal() {
        return this == COMPLETED || this == ABORTED || this == FAILED;
    }
}
