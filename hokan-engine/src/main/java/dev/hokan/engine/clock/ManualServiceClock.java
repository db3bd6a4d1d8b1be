package dev.hokan.engine.clock;

import dev.hokan.engine.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A clock that only moves when told to, never backwards; for tests and rehearsing schedules and retention. */
public final class ManualServiceClock implements ServiceClock {
    private Instant now;

    public ManualServiceClock(Instant start) {
        this.now = start.truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public ClockMode mode() {
        return ClockMode.MANUAL;
    }

    public synchronized Instant advance(Duration d) {
        if (d.isNegative()) {
            throw ServiceException.invalidParameter("AdvanceSeconds must not be negative: the clock never goes back");
        }
        now = now.plus(d);
        return now;
    }

    public synchronized Instant set(Instant to) {
        if (to.isBefore(now)) {
            throw ServiceException.invalidParameter("Now " + to.getEpochSecond()
                    + " is before the current time " + now.getEpochSecond() + ": the clock never goes back");
        }
        now = to.truncatedTo(ChronoUnit.MILLIS);
        return now;
    }

    /** Moves to {@code to} if that is later; a clock already past it stays where it is. */
    public synchronized Instant catchUp(Instant to) {
        if (to.isAfter(now)) {
            now = to.truncatedTo(ChronoUnit.MILLIS);
        }
        return now;
    }
}
