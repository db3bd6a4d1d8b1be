package dev.hokan.store.backup;

/**
 * Asks a running backup to end early and keep what it has stored so far: it takes no new files, lets the ones
 * already handed to the workers finish, and writes a PARTIAL snapshot saying where it stopped. Interrupting the
 * backup's thread, by contrast, cancels it and keeps nothing.
 */
public final class FinishSignal {
    private volatile String reason;

    public FinishSignal() {
    }

    /** Asks the backup to finish now; {@code reason} is recorded in its snapshot. A second request changes nothing. */
    public synchronized void finishNow(String reason) {
        if (this.reason == null) {
            this.reason = reason;
        }
    }

    public boolean requested() {
        return reason != null;
    }

    /** Why the backup was asked to finish, or null while it was not. */
    public String reason() {
        return reason;
    }
}
