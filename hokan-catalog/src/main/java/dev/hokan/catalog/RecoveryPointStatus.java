package dev.hokan.catalog;

public enum RecoveryPointStatus {
    COMPLETED, PARTIAL, DELETING, EXPIRED
}
