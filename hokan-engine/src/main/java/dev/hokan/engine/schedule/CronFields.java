package dev.hokan.engine.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** Reads the values of one cron field: numbers or names joined by {@code * , - /}. */
final class CronFields {
    static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC");
    /** Day-of-week names in cron order: 1 = SUN ... 7 = SAT. */
    static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronFields() {
    }

    /** The values the field selects, each as the bit of its own number. */
    static BitSet values(String field, int min, int max, List<String> names, String what) {
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
                set.set(v);
            }
        }
        return set;
    }

    static int value(String text, int min, int max, List<String> names, String what) {
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
