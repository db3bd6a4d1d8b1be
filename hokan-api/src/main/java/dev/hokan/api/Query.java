package dev.hokan.api;

import dev.hokan.catalog.Cursor;
import dev.hokan.catalog.PageRequest;
import dev.hokan.engine.ServiceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed access to the decoded query parameters of a request. */
final class Query {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private final Map<String, List<String>> params;

    Query(Map<String, List<String>> params) {
        this.params = params;
    }

    Set<String> names() {
        return params.keySet();
    }

    String string(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Every value of a repeated parameter ({@code ?k=a&k=b}), null when it is absent. */
    List<String> strings(String name) {
        List<String> values = params.get(name);
        return values == null ? null : List.copyOf(values);
    }

    Integer integer(String name, int min, int max) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ServiceException.invalidParameter(name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ServiceException.invalidParameter(name + " must be a whole number, got " + v, e);
        }
    }

    boolean bool(String name) {
        String v = string(name);
        if (v == null) {
            return false;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw ServiceException.invalidParameter(name + " must be true or false, got " + v);
        }
        return Boolean.parseBoolean(v);
    }

    /** ISO 8601 (as botocore and the Java SDK send) or epoch seconds. */
    Instant timestamp(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(new BigDecimal(v).movePointRight(3).longValue());
            } catch (NumberFormatException | ArithmeticException notNumber) {
                throw ServiceException.invalidParameter(name + " must be an ISO 8601 timestamp"
                        + " (2026-01-31T00:00:00Z) or epoch seconds, got " + v, notNumber);
            }
        }
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter(name + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", got " + v, e);
        }
    }

    PageRequest page() {
        return page("maxResults", "nextToken");
    }

    PageRequest page(String maxResultsName, String nextTokenName) {
        Integer max = integer(maxResultsName, 1, MAX_PAGE_SIZE);
        String token = string(nextTokenName);
        Cursor after = null;
        if (token != null) {
            try {
                after = Cursor.fromToken(token);
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalidParameter(e.getMessage(), e);
            }
        }
        return new PageRequest(max == null ? DEFAULT_PAGE_SIZE : max, after);
    }
}
