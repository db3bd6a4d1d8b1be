package dev.hokan.engine.lifecycle;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * AWS deletes an expired recovery point at a random moment within some hours after its DeleteAt, to spread the
 * work; each new point draws its own delay from this window once. {@code random} is injectable so that tests can
 * be deterministic.
 */
public record ExpiryWindow(Duration length, RandomGenerator random) {
    /** The window AWS documents. */
    public static final Duration AWS_LENGTH = Duration.ofHours(8);

    public ExpiryWindow {
        if (length.isNegative()) {
            throw new IllegalArgumentException("The expiry window must not be negative: " + length);
        }
    }

    public static ExpiryWindow of(Duration length) {
        return new ExpiryWindow(length, new Random());
    }

    /** A delay between zero and the window's length, both included, to the millisecond. */
    public synchronized Duration draw() {
        return length.isZero() ? Duration.ZERO : Duration.ofMillis(random.nextLong(length.toMillis() + 1));
    }
}
