package dev.hokan.catalog.cell.protection;

/** A legal hold holds its recovery points from CREATING until it is CANCELED; CANCELING is a release under way. */
public enum LegalHoldStatus {
    CREATING, ACTIVE, CANCELING, CANCELED;

    public boolean holds() {
        return this != CANCELED;
    }
}
