package dev.hokan.catalog.cell.kms;

/** The states of a KMS key Hokan has, by KMS's names. */
public enum KeyState {
    ENABLED("Enabled"),
    DISABLED("Disabled"),
    PENDING_DELETION("PendingDeletion");

    private final String wireName;

    KeyState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
