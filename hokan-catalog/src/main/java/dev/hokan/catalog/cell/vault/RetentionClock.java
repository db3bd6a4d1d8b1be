package dev.hokan.catalog.cell.vault;

import java.time.Duration;
import java.time.Instant;

/**
 * How a recovery point's lifecycle runs against the service clock. Legal holds stop it: {@code pausedSince} is when
 * the first active hold began, {@code paused} is the time already spent on hold, by which the lifecycle acts later.
 * {@code expiryDelay} spreads deletions over a window after the nominal DeleteAt, as AWS does.
 */
public record RetentionClock(Duration paused, Instant pausedSince, Duration expiryDelay) {
    public static final RetentionClock RUNNING = new RetentionClock(Duration.ZERO, null, Duration.ZERO);

    public boolean isPaused() {
        return pausedSince != null;
    }

    /** Stops the clock at {@code at}; stopping a stopped clock changes nothing. */
    public RetentionClock pause(Instant at) {
        return isPaused() ? this : new RetentionClock(paused, at, expiryDelay);
    }

    /** Starts the clock again at {@code at}, adding the time it stood still to the lifecycle dates. */
    public RetentionClock resume(Instant at) {
        return isPaused() ? new RetentionClock(paused.plus(Duration.between(pausedSince, at)), null, expiryDelay) : this;
    }

    public RetentionClock withExpiryDelay(Duration delay) {
        return new RetentionClock(paused, pausedSince, delay);
    }
}
