package dev.hokan.engine.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code cron(minutes hours day-of-month month day-of-week year)} in EventBridge's dialect, read as wall-clock time
 * in a time zone. Each wall-clock time fires once, so daylight-saving changes neither skip nor double a firing: a
 * time that occurs twice (clocks go back) fires at its first occurrence; a time that does not exist (clocks go
 * forward) fires at the instant it would have had without the change, so 02:30 on a spring-forward night with a
 * one-hour gap fires at 03:30 new time. Times that land on the same instant fire once.
 */
record CronExpression(BitSet minutes, BitSet hours, CronDays days, BitSet months, BitSet years)
        implements ScheduleExpression {
    static final Pattern PATTERN = Pattern.compile("cron\\((.*)\\)");
    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 2199;

    static CronExpression of(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("a cron expression has 6 fields (minutes hours day-of-month month"
                    + " day-of-week year), found " + f.length);
        }
        BitSet minutes = CronFields.values(f[0], 0, 59, List.of(), "minutes");
        BitSet hours = CronFields.values(f[1], 0, 23, List.of(), "hours");
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
            throw new IllegalArgumentException("exactly one of day-of-month and day-of-week must be '?'");
        }
        CronDays dayOfMonth = domAny ? null : CronDays.dayOfMonth(f[2]);
        BitSet months = CronFields.values(f[3], 1, 12, CronFields.MONTHS, "month");
        CronDays days = domAny ? CronDays.dayOfWeek(f[4]) : dayOfMonth;
        BitSet years = CronFields.values(f[5], MIN_YEAR, MAX_YEAR, List.of(), "year");
        if (minutes.cardinality() > 1) {
            throw new IllegalArgumentException(
                    "backups run at most once an hour; the minutes field must name a single minute");
        }
        return new CronExpression(minutes, hours, days, months, years);
    }

    @Override
    public Optional<Instant> next(Instant after, ZoneId zone, Instant anchor) {
        // Times are taken in local order, and a skipped-over time moves later, so it can pass the next listed
        // time: the firings of the day after the first matching one are looked at too.
        Instant best = null;
        LocalDate lastDay = null;
        for (LocalDate day = nextDay(LocalDate.ofInstant(after, zone).minusDays(1));
             day != null && (lastDay == null || !day.isAfter(lastDay)); day = nextDay(day.plusDays(1))) {
            for (Instant t : firingsOn(day, zone)) {
                if (t.isAfter(after) && (best == null || t.isBefore(best))) {
                    best = t;
                }
            }
            if (best != null && lastDay == null) {
                lastDay = day.plusDays(1);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The first day on or after {@code from} whose year, month and day match; null after the last year. */
    private LocalDate nextDay(LocalDate from) {
        LocalDate day = from;
        while (day.getYear() <= MAX_YEAR) {
            if (!years.get(day.getYear())) {
                day = LocalDate.of(day.getYear() + 1, 1, 1);
            } else if (!months.get(day.getMonthValue())) {
                day = day.withDayOfMonth(1).plusMonths(1);
            } else if (days.matches(day)) {
                return day;
            } else {
                day = day.plusDays(1);
            }
        }
        return null;
    }

    private List<Instant> firingsOn(LocalDate day, ZoneId zone) {
        List<Instant> firings = new ArrayList<>();
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
            for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                LocalDateTime local = LocalDateTime.of(day, LocalTime.of(h, m));
                firings.add(ZonedDateTime.ofLocal(local, zone, null).toInstant());
            }
        }
        return firings;
    }
}
