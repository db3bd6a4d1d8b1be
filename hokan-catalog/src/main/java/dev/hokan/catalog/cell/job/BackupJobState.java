package dev.hokan.catalog.cell.job;

public enum BackupJobState implements JobState {
    CREATED, PENDING, RUNNING, ABORTING, ABORTED, COMPLETED, FAILED, EXPIRED, PARTIAL;

    @Override
    public boolean isFinal() {
        return this == ABORTED || this == COMPLETED || this == FAILED || this == EXPIRED || this == PARTIAL;
    }
}
