package dev.hokan.engine.iam;

import java.util.List;
import java.util.function.Predicate;

/**
 * How a condition treats a key with several values: without a qualifier the operator reads the values as one
 * (positive operators need some value to match, negated ones need none to); {@code ForAnyValue:} needs one value to
 * satisfy the operator, {@code ForAllValues:} every value, which an absent or empty key does vacuously.
 */
public enum SetQualifier {
    NONE(""),
    FOR_ANY_VALUE("ForAnyValue:"),
    FOR_ALL_VALUES("ForAllValues:");

    private final String prefix;

    SetQualifier(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The qualifier an operator name such as {@code ForAllValues:StringLike} starts with, NONE if it has none. */
    static SetQualifier of(String operatorName) {
        return operatorName.startsWith(FOR_ANY_VALUE.prefix) ? FOR_ANY_VALUE
                : operatorName.startsWith(FOR_ALL_VALUES.prefix) ? FOR_ALL_VALUES : NONE;
    }

    boolean whenAbsent(boolean negatedOperator) {
        return switch (this) {
            case NONE -> negatedOperator;
            case FOR_ANY_VALUE -> false;
            case FOR_ALL_VALUES -> true;
        };
    }

    boolean test(List<String> requestValues, Predicate<String> satisfies, boolean negatedOperator) {
        return switch (this) {
            case NONE -> negatedOperator ? requestValues.stream().allMatch(satisfies)
                    : requestValues.stream().anyMatch(satisfies);
            case FOR_ANY_VALUE -> requestValues.stream().anyMatch(satisfies);
            case FOR_ALL_VALUES -> requestValues.stream().allMatch(satisfies);
        };
    }
}
