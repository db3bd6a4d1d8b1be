package dev.hokan.engine.iam;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A moment as the {@code Date*} condition operators read it: epoch seconds ({@code 1796284800}), an ISO 8601 date
 * and time with its offset ({@code 2026-12-03T08:00Z}, {@code 2026-12-03T08:00:00.5+01:00}), or a date alone
 * ({@code 2026-12-03}), which is its first instant in UTC.
 */
final class PolicyDate {
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d{1,12}");

    private PolicyDate() {
    }

    static Optional<Instant> parse(String text) {
        String value = text.strip();
        try {
            if (EPOCH_SECONDS.matcher(value).matches()) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
            }
            if (value.contains("T")) {
                return Optional.of(OffsetDateTime.parse(value).toInstant());
            }
            return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
