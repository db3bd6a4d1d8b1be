package dev.hokan.catalog.cell.vault;

public enum RecoveryPointStatus {
    COMPLETED, PARTIAL, DELETING, EXPIRED
}
