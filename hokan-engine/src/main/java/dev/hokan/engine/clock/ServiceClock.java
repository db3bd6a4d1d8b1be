package dev.hokan.engine.clock;

import java.time.Instant;

/** The one clock everything time-driven in Hokan reads. */
public sealed interface ServiceClock permits SystemServiceClock, ManualServiceClock {
    Instant now();

    ClockMode mode();
}
