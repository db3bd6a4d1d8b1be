package dev.hokan.engine.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The days a cron expression fires on, from its day-of-month or its day-of-week field. */
sealed interface CronDays {
    Pattern NEAREST_WEEKDAY = Pattern.compile("([1-9]|[12]\\d|3[01])W");
    Pattern NTH = Pattern.compile("([1-7]|[A-Z]{3})#([1-5])");
    Pattern LAST = Pattern.compile("([1-7]|[A-Z]{3})?L");
    int SATURDAY = 7;

    boolean matches(LocalDate date);

    static CronDays dayOfMonth(String field) {
        Matcher nearest = NEAREST_WEEKDAY.matcher(field);
        if (field.equals("L")) {
            return new LastDayOfMonth();
        } else if (field.equals("LW")) {
            return new LastWeekdayOfMonth();
        } else if (nearest.matches()) {
            return new NearestWeekday(Integer.parseInt(nearest.group(1)));
        }
        return new DaysOfMonth(CronFields.values(field, 1, 31, List.of(), "day-of-month"));
    }

    static CronDays dayOfWeek(String field) {
        String upper = field.toUpperCase(Locale.ROOT);
        Matcher nth = NTH.matcher(upper);
        Matcher last = LAST.matcher(upper);
        if (nth.matches()) {
            return new NthDayOfWeek(day(nth.group(1)), Integer.parseInt(nth.group(2)));
        } else if (last.matches()) {
            if (last.group(1) == null) {
                BitSet saturday = new BitSet();
                saturday.set(SATURDAY);
                return new DaysOfWeek(saturday);
            }
            return new LastDayOfWeek(day(last.group(1)));
        }
        return new DaysOfWeek(CronFields.values(field, 1, 7, CronFields.DAYS, "day-of-week"));
    }

    private static int day(String text) {
        return CronFields.value(text, 1, 7, CronFields.DAYS, "day-of-week");
    }

    /** The date's day of the week in cron numbering, 1 = Sunday ... 7 = Saturday. */
    static int cronDayOfWeek(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** Listed days ({@code * , - /}); a day the month lacks, like the 31st of April, is not moved elsewhere. */
    record DaysOfMonth(BitSet days) implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(date.getDayOfMonth());
        }
    }

    /** {@code L}: the last day of the month. */
    record LastDayOfMonth() implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfMonth() == date.lengthOfMonth();
        }
    }

    /** {@code LW}: the last Monday-to-Friday day of the month. */
    record LastWeekdayOfMonth() implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            LocalDate last = date.withDayOfMonth(date.lengthOfMonth());
            int back = switch (last.getDayOfWeek()) {
                case SATURDAY -> 1;
                case SUNDAY -> 2;
                default -> 0;
            };
            return date.equals(last.minusDays(back));
        }
    }

    /**
     * {@code nW}: the Monday-to-Friday day nearest to day n without leaving the month (1W on a Saturday is Monday the
     * 3rd); a month without day n has no firing.
     */
    record NearestWeekday(int day) implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            int length = date.lengthOfMonth();
            if (day > length) {
                return false;
            }
            DayOfWeek target = date.withDayOfMonth(day).getDayOfWeek();
            int firing = switch (target) {
                case SATURDAY -> day == 1 ? 3 : day - 1;
                case SUNDAY -> day == length ? day - 2 : day + 1;
                default -> day;
            };
            return date.getDayOfMonth() == firing;
        }
    }

    /** Listed days of the week ({@code * , - /}, names or 1 = SUN ... 7 = SAT); {@code L} alone is Saturday. */
    record DaysOfWeek(BitSet days) implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(cronDayOfWeek(date));
        }
    }

    /** {@code nL}: the last day-of-week n of the month, e.g. 6L the last Friday. */
    record LastDayOfWeek(int dayOfWeek) implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            return cronDayOfWeek(date) == dayOfWeek && date.getDayOfMonth() + 7 > date.lengthOfMonth();
        }
    }

    /** {@code n#k}: the k-th day-of-week n of the month; a month without one has no firing. */
    record NthDayOfWeek(int dayOfWeek, int nth) implements CronDays {
        @Override
        public boolean matches(LocalDate date) {
            return cronDayOfWeek(date) == dayOfWeek && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
    }
}
