package dev.hokan.catalog.cell.job;

/** How a restore test's check of what it restored came out. */
public enum RestoreValidationStatus {
    FAILED, SUCCESSFUL, TIMED_OUT, VALIDATING
}
