package dev.hokan.engine;

import java.util.Locale;

public enum ClockMode {
    SYSTEM, MANUAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
