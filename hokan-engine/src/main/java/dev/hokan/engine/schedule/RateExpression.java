package dev.hokan.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code rate(N unit)}: fires every {@code period} of elapsed time after its anchor (not at the anchor itself). A day
 * is 24 hours, so daylight-saving changes shift the wall-clock time of a daily rate instead of its spacing.
 */
record RateExpression(Duration period) implements ScheduleExpression {
    static final Pattern PATTERN = Pattern.compile("rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)");

    static RateExpression of(long value, String unit) {
        if (value < 1) {
            throw new IllegalArgumentException("the rate value must be positive");
        }
        boolean singular = !unit.endsWith("s");
        if (singular != (value == 1)) {
            throw new IllegalArgumentException("use the singular unit for a value of 1 and the plural otherwise");
        }
        if (unit.startsWith("minute") && value < 60) {
            throw new IllegalArgumentException("backups run at most once an hour; use a rate of at least 60 minutes");
        }
        Duration period = switch (unit.charAt(0)) {
            case 'm' -> Duration.ofMinutes(value);
            case 'h' -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
        return new RateExpression(period);
    }

    @Override
    public Optional<Instant> next(Instant after, ZoneId zone, Instant anchor) {
        if (after.isBefore(anchor)) {
            return Optional.of(anchor.plus(period));
        }
        long periods = Duration.between(anchor, after).toMillis() / period.toMillis() + 1;
        return Optional.of(anchor.plus(period.multipliedBy(periods)));
    }
}
