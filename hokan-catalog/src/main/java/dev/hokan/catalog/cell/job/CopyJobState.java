package dev.hokan.catalog.cell.job;

/** A copy job waits (CREATED) until a worker takes it; PARTIAL is the copy of a partial recovery point. */
public enum CopyJobState implements JobState {
    CREATED, RUNNING, COMPLETED, FAILED, PARTIAL;

    @Override
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == PARTIAL;
    }
}
