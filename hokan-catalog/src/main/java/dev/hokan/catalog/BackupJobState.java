package dev.hokan.catalog;

public enum BackupJobState {
    CREATED, PENDING, RUNNING, ABORTING, ABORTED, COMPLETED, FAILED, EXPIRED, PARTIAL;

    public boolean isFinal() {
        return this == ABORTED || this == COMPLETED || this == FAILED || this == EXPIRED || this == PARTIAL;
    }
}
