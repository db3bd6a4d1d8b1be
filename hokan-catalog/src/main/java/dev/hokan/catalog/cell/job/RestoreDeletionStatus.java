package dev.hokan.catalog.cell.job;

/** Where the deletion of what a restore test restored stands. */
public enum RestoreDeletionStatus {
    DELETING, FAILED, SUCCESSFUL
}
