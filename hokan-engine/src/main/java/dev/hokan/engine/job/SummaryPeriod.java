package dev.hokan.engine.job;

import java.time.Duration;

public enum SummaryPeriod {
    ONE_DAY(Duration.ofDays(1)), SEVEN_DAYS(Duration.ofDays(7)), FOURTEEN_DAYS(Duration.ofDays(14));

    private final Duration length;

    SummaryPeriod(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }
}
