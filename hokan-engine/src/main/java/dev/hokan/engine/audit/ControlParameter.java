package dev.hokan.engine.audit;

import dev.hokan.engine.ServiceException;
import java.util.Arrays;
import java.util.List;

/**
 * One input parameter of a control, by AWS's name: a whole number from 1 to {@code max}, a time unit
 * ({@code hours} or {@code days}), or a comma-separated list of at most {@code max} items; {@code defaultValue} is
 * null for an optional parameter without one.
 */
record ControlParameter(String name, Kind kind, String defaultValue, long max) {
    enum Kind { WHOLE_NUMBER, TIME_UNIT, LIST }

    static ControlParameter number(String name, Long defaultValue, long max) {
        return new ControlParameter(name, Kind.WHOLE_NUMBER, defaultValue == null ? null : defaultValue.toString(),
                max);
    }

    static ControlParameter unit(String name, String defaultValue) {
        return new ControlParameter(name, Kind.TIME_UNIT, defaultValue, 0);
    }

    static ControlParameter list(String name, long max) {
        return new ControlParameter(name, Kind.LIST, null, max);
    }

    /** Refuses a value of the wrong form, naming the control and the parameter. */
    void check(String control, String value) {
        String what = "ParameterValue of " + name + " in control " + control;
        switch (kind) {
            case WHOLE_NUMBER -> {
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw ServiceException.invalidParameter(what + " must be a whole number, not " + value, e);
                }
                if (n < 1 || n > max) {
                    throw ServiceException.invalidParameter(what + " must be from 1 to " + max + ", not " + value);
                }
            }
            case TIME_UNIT -> {
                if (!value.equals("hours") && !value.equals("days")) {
                    throw ServiceException.invalidParameter(what + " must be hours or days, not " + value);
                }
            }
            case LIST -> {
                List<String> items = items(value);
                if (items.isEmpty() || items.size() > max || items.contains("")) {
                    throw ServiceException.invalidParameter(what + " must list 1 to " + max
                            + " comma-separated values, not " + value);
                }
            }
        }
    }

    static List<String> items(String value) {
        return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }
}
