package dev.hokan.engine.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * A backup rule's schedule: EventBridge {@code cron(minutes hours day-of-month month day-of-week year)}, read as
 * wall-clock time in the rule's time zone, or {@code rate(N unit)}, counted in elapsed time from an anchor. Snapshot
 * backups run at most hourly, so expressions that fire more often are refused.
 */
public sealed interface ScheduleExpression permits CronExpression, RateExpression {
    String DEFAULT = "cron(0 5 ? * * *)";

    /** @throws IllegalArgumentException saying what is wrong and in which field */
    static ScheduleExpression parse(String expression) {
        Matcher rate = RateExpression.PATTERN.matcher(expression);
        if (rate.matches()) {
            return RateExpression.of(Long.parseLong(rate.group(1)), rate.group(2));
        }
        Matcher cron = CronExpression.PATTERN.matcher(expression);
        if (cron.matches()) {
            return CronExpression.of(cron.group(1));
        }
        throw new IllegalArgumentException(
                "expected cron(minutes hours day-of-month month day-of-week year) or rate(value unit)");
    }

    /** @return null when the expression is valid, otherwise why it is not */
    static String problem(String expression) {
        try {
            parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The first firing strictly after {@code after}; empty when there is none (a cron year range can run out).
     * {@code zone} places cron wall-clock times; {@code anchor} is where a rate starts counting.
     */
    Optional<Instant> next(Instant after, ZoneId zone, Instant anchor);

    /** Every firing in {@code (after, until]}, oldest first. */
    default List<Instant> firings(Instant after, Instant until, ZoneId zone, Instant anchor) {
        List<Instant> firings = new ArrayList<>();
        Optional<Instant> next = next(after, zone, anchor);
        while (next.isPresent() && !next.get().isAfter(until)) {
            firings.add(next.get());
            next = next(next.get(), zone, anchor);
        }
        return firings;
    }
}
