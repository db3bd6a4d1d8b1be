package dev.hokan.catalog;

public enum RestoreJobStatus {
    PENDING, RUNNING, COMPLETED, ABORTED, FAILED
}
