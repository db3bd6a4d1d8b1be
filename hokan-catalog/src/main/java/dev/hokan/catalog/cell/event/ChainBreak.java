package dev.hokan.catalog.cell.event;

/** Where the event log's hash chain shows tampering: which event, at which position, and what was done. */
public record ChainBreak(Kind kind, long position, String eventId, String message) {
    public enum Kind {
        /** The event's fields no longer match its hash. */
        CHANGED,
        /** The event was chained to one that is no longer in the log. */
        REMOVED,
        /** The event was chained to one that is still in the log, at another place. */
        REORDERED
    }
}
