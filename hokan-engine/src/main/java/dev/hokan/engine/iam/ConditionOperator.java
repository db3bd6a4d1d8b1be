package dev.hokan.engine.iam;

import dev.hokan.engine.Wildcards;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The condition operators Hokan evaluates. Each compares a request value with a policy value; a value satisfies the
 * operator when it matches one of the policy values, or for a negated operator when it matches none of them.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, ValueType.TEXT, String::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, ValueType.TEXT, String::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, ValueType.TEXT, String::equalsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, ValueType.TEXT, String::equalsIgnoreCase),
    STRING_LIKE("StringLike", false, ValueType.TEXT, Wildcards::matches),
    STRING_NOT_LIKE("StringNotLike", true, ValueType.TEXT, Wildcards::matches),
    // IAM documents ArnEquals as taking the same wildcards as ArnLike.
    ARN_EQUALS("ArnEquals", false, ValueType.TEXT, Wildcards::matchesArn),
    ARN_LIKE("ArnLike", false, ValueType.TEXT, Wildcards::matchesArn),
    ARN_NOT_EQUALS("ArnNotEquals", true, ValueType.TEXT, Wildcards::matchesArn),
    ARN_NOT_LIKE("ArnNotLike", true, ValueType.TEXT, Wildcards::matchesArn),
    NUMERIC_EQUALS("NumericEquals", false, ValueType.NUMBER, numeric(c -> c == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, ValueType.NUMBER, numeric(c -> c == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, ValueType.NUMBER, numeric(c -> c < 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, ValueType.NUMBER, numeric(c -> c <= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, ValueType.NUMBER, numeric(c -> c > 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, ValueType.NUMBER, numeric(c -> c >= 0)),
    DATE_EQUALS("DateEquals", false, ValueType.DATE, date(c -> c == 0)),
    DATE_NOT_EQUALS("DateNotEquals", true, ValueType.DATE, date(c -> c == 0)),
    DATE_LESS_THAN("DateLessThan", false, ValueType.DATE, date(c -> c < 0)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, ValueType.DATE, date(c -> c <= 0)),
    DATE_GREATER_THAN("DateGreaterThan", false, ValueType.DATE, date(c -> c > 0)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, ValueType.DATE, date(c -> c >= 0)),
    BOOL("Bool", false, ValueType.BOOLEAN, String::equalsIgnoreCase),
    BINARY_EQUALS("BinaryEquals", false, ValueType.BINARY, ConditionOperator::sameBytes),
    IP_ADDRESS("IpAddress", false, ValueType.IP_RANGE, ConditionOperator::inRange),
    NOT_IP_ADDRESS("NotIpAddress", true, ValueType.IP_RANGE, ConditionOperator::inRange),
    /** Whether the key is absent ({@code "true"}) or present ({@code "false"}); it compares no values. */
    NULL("Null", false, ValueType.BOOLEAN, null) {
        @Override
        boolean test(SetQualifier qualifier, boolean ifExists, List<String> policyValues, List<String> requestValues) {
            return policyValues.contains(String.valueOf(requestValues.isEmpty()));
        }
    };

    /** What a policy value of an operator must look like. */
    enum ValueType {
        TEXT(value -> true, "text"),
        NUMBER(value -> number(value).isPresent(), "a number"),
        DATE(value -> PolicyDate.parse(value).isPresent(),
                "a date in ISO 8601 (e.g. \"2026-12-03T08:00:00Z\") or epoch seconds"),
        BOOLEAN(value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"), "true or false"),
        BINARY(value -> base64(value).isPresent(), "base64"),
        IP_RANGE(value -> IpRange.parse(value).isPresent(),
                "an IPv4 or IPv6 address or CIDR range, e.g. \"203.0.113.0/24\" or \"2001:db8::/32\"");

        private final Predicate<String> accepts;
        private final String expected;

        ValueType(Predicate<String> accepts, String expected) {
            this.accepts = accepts;
            this.expected = expected;
        }

        boolean accepts(String value) {
            return accepts.test(value);
        }

        String expected() {
            return expected;
        }
    }

    private final String text;
    private final boolean negated;
    private final ValueType valueType;
    private final BiPredicate<String, String> matches;

    ConditionOperator(String text, boolean negated, ValueType valueType, BiPredicate<String, String> matches) {
        this.text = text;
        this.negated = negated;
        this.valueType = valueType;
        this.matches = matches;
    }

    public String text() {
        return text;
    }

    ValueType valueType() {
        return valueType;
    }

    /** Null takes neither a set qualifier nor IfExists. */
    boolean qualifiable() {
        return this != NULL;
    }

    static Optional<ConditionOperator> byText(String text) {
        for (ConditionOperator operator : values()) {
            if (operator.text.equals(text)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    boolean test(SetQualifier qualifier, boolean ifExists, List<String> policyValues, List<String> requestValues) {
        if (requestValues.isEmpty()) {
            return ifExists || qualifier.whenAbsent(negated);
        }
        return qualifier.test(requestValues,
                value -> negated != policyValues.stream().anyMatch(p -> matches.test(p, value)), negated);
    }

    /** Compares the request value with the policy value; a request value that is no number matches nothing. */
    private static BiPredicate<String, String> numeric(IntPredicate comparison) {
        return (policyValue, value) -> number(value)
                .map(n -> comparison.test(n.compareTo(new BigDecimal(policyValue))))
                .orElse(false);
    }

    /** Compares the request moment with the policy's; a request value that is no moment matches nothing. */
    private static BiPredicate<String, String> date(IntPredicate comparison) {
        return (policyValue, value) -> PolicyDate.parse(value)
                .map(moment -> comparison.test(moment.compareTo(PolicyDate.parse(policyValue).orElseThrow())))
                .orElse(false);
    }

    private static boolean sameBytes(String policyValue, String value) {
        return base64(value).map(bytes -> Arrays.equals(bytes, base64(policyValue).orElseThrow())).orElse(false);
    }

    private static boolean inRange(String policyValue, String value) {
        return IpRange.parse(policyValue).orElseThrow().contains(value.strip());
    }

    private static Optional<byte[]> base64(String text) {
        try {
            return Optional.of(Base64.getDecoder().decode(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
