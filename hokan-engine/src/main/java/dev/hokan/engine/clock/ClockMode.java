package dev.hokan.engine.clock;

import java.util.Locale;

public enum ClockMode {
    SYSTEM, MANUAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
