package dev.hokan.engine.clock;

import java.time.Instant;

public final class SystemServiceClock implements ServiceClock {
    public SystemServiceClock() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public ClockMode mode() {
        return ClockMode.SYSTEM;
    }
}
