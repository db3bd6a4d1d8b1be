package dev.hokan.engine;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates backup rule schedules: EventBridge {@code cron(minutes hours day-of-month month day-of-week year)}
 * and {@code rate(N unit)}. Snapshot backups run at most hourly, so expressions that fire more often are refused.
 */
public final class ScheduleExpression {
    public static final String DEFAULT = "cron(0 5 ? * * *)";

    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private ScheduleExpression() {
    }

    /** @return null when the expression is valid, otherwise why it is not */
    public static String problem(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            return rateProblem(Long.parseLong(rate.group(1)), rate.group(2));
        }
        Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            return "expected cron(minutes hours day-of-month month day-of-week year) or rate(value unit)";
        }
        String[] f = cron.group(1).trim().split("\\s+");
        if (f.length != 6) {
            return "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found "
                    + f.length;
        }
        try {
            BitSet minutes = values(f[0], 0, 59, List.of(), "minutes");
            values(f[1], 0, 23, List.of(), "hours");
            boolean domAny = f[2].equals("?");
            boolean dowAny = f[4].equals("?");
            if (domAny == dowAny) {
                return "exactly one of day-of-month and day-of-week must be '?'";
            }
            if (!domAny) {
                dayOfMonth(f[2]);
            }
            values(f[3], 1, 12, MONTHS, "month");
            if (!dowAny) {
                dayOfWeek(f[4]);
            }
            values(f[5], 1970, 2199, List.of(), "year");
            if (minutes.cardinality() > 1) {
                return "backups run at most once an hour; the minutes field must name a single minute";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String rateProblem(long value, String unit) {
        if (value < 1) {
            return "the rate value must be positive";
        }
        boolean singular = !unit.endsWith("s");
        if (singular != (value == 1)) {
            return "use the singular unit for a value of 1 and the plural otherwise";
        }
        if (unit.startsWith("minute") && value < 60) {
            return "backups run at most once an hour; use a rate of at least 60 minutes";
        }
        return null;
    }

    private static void dayOfMonth(String field) {
        if (field.equals("L") || field.equals("LW") || field.matches("([1-9]|[12]\\d|3[01])W")) {
            return;
        }
        values(field, 1, 31, List.of(), "day-of-month");
    }

    private static void dayOfWeek(String field) {
        Matcher nth = Pattern.compile("([1-7]|[A-Z]{3})#([1-5])").matcher(field.toUpperCase(Locale.ROOT));
        Matcher last = Pattern.compile("([1-7]|[A-Z]{3})?L").matcher(field.toUpperCase(Locale.ROOT));
        if (nth.matches()) {
            value(nth.group(1), 1, 7, DAYS, "day-of-week");
        } else if (last.matches()) {
            if (last.group(1) != null) {
                value(last.group(1), 1, 7, DAYS, "day-of-week");
            }
        } else {
            values(field, 1, 7, DAYS, "day-of-week");
        }
    }

    /** The set of values a field with {@code * , - /} selects, relative to {@code min}. */
    private static BitSet values(String field, int min, int max, List<String> names, String what) {
        BitSet set = new BitSet();
        for (String part : field.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = value(part.substring(slash + 1), 1, max - min + 1, List.of(), what + " step");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new IllegalArgumentException("bad range '" + range + "' in the " + what + " field");
                }
                from = value(ends[0], min, max, names, what);
                to = value(ends[1], min, max, names, what);
                if (from > to) {
                    throw new IllegalArgumentException("range '" + range + "' in the " + what + " field goes backwards");
                }
            } else {
                from = value(range, min, max, names, what);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v - min);
            }
        }
        return set;
    }

    private static int value(String text, int min, int max, List<String> names, String what) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + 1;
        }
        if (!text.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + what + " value");
        }
        int v = Integer.parseInt(text);
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " value " + v + " is outside " + min + "-" + max);
        }
        return v;
    }
}
