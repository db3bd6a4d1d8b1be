package dev.hokan.catalog.cell.notification;

/** Where a message on its way to one subscription stands. */
public enum DeliveryStatus {
    /** Not delivered yet: waiting for its turn or for its next attempt. */
    PENDING,
    /** The endpoint took it. */
    DELIVERED,
    /** Given up: attempts failed until the retry period ended, or the subscription went away. */
    FAILED
}
