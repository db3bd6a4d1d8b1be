package dev.hokan.engine.audit;

import dev.hokan.engine.ServiceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A control's input parameters as a framework gives them, with the control's defaults for those it leaves out. */
record ControlInputs(Map<String, String> given, List<ControlParameter> parameters) {

    String value(String name) {
        String value = given.get(name);
        if (value != null) {
            return value;
        }
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst()
                .map(ControlParameter::defaultValue).orElse(null);
    }

    long number(String name) {
        return Long.parseLong(value(name));
    }

    /** The items of a list parameter; empty when it is not given. */
    List<String> list(String name) {
        String value = value(name);
        return value == null ? List.of() : ControlParameter.items(value);
    }

    /** {@code value} hours or days, as the unit parameter says. */
    Duration duration(String unit, String value) {
        long n = number(value);
        return value(unit).equals("hours") ? Duration.ofHours(n) : Duration.ofDays(n);
    }

    /** Refuses a {@code value} above {@code max} while the {@code unit} parameter is {@code inUnit}. */
    void requireAtMost(String control, String unit, String value, String inUnit, long max) {
        if (value(unit).equals(inUnit) && number(value) > max) {
            throw ServiceException.invalidParameter("ParameterValue of " + value + " in control " + control
                    + " must be from 1 to " + max + " when " + unit + " is " + inUnit + ", not " + value(value));
        }
    }

    /** How {@link #duration} reads to a person, e.g. "1 days". */
    String described(String unit, String value) {
        return value(value) + " " + value(unit);
    }
}
