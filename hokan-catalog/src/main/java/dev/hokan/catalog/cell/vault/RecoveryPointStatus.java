package dev.hokan.catalog.cell.vault;

/** A recovery point's status; STOPPED is a continuous point whose resource is no longer protected continuously. */
public enum RecoveryPointStatus {
    COMPLETED, PARTIAL, DELETING, EXPIRED, STOPPED
}
