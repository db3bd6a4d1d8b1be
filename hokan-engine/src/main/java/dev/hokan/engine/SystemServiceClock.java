package dev.hokan.engine;

import java.time.Instant;

public final class SystemServiceClock implements ServiceClock {
    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public ClockMode mode() {
        return ClockMode.SYSTEM;
    }
}
