package dev.hokan.engine.resource;

import dev.hokan.engine.ServiceException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The moment a restore of a continuous point restores to, from its metadata: {@code RestoreTime} (ISO-8601), or
 * {@code UseLatestRestorableTime} {@code "true"}; {@code time} is null for the latest.
 */
public record PointInTime(Instant time) {
    public static final String RESTORE_TIME = "RestoreTime";
    public static final String USE_LATEST = "UseLatestRestorableTime";
    /** The metadata keys this reads, which kinds leave to it. */
    public static final Set<String> KEYS = Set.of(RESTORE_TIME, USE_LATEST);

    public boolean latest() {
        return time == null;
    }

    /** The moment asked for, or nothing when the metadata names none. */
    public static Optional<PointInTime> of(Map<String, String> metadata) {
        String time = value(metadata, RESTORE_TIME);
        String latest = value(metadata, USE_LATEST);
        boolean useLatest = latest != null && !latest.isEmpty() && parseBoolean(latest);
        if (time != null && !time.isEmpty()) {
            if (useLatest) {
                throw ServiceException.invalidParameter("Give either RestoreTime or UseLatestRestorableTime \"true\","
                        + " not both");
            }
            try {
                return Optional.of(new PointInTime(OffsetDateTime.parse(time).toInstant()));
            } catch (DateTimeParseException e) {
                throw ServiceException.invalidParameter("RestoreTime " + time + " is not an ISO-8601 date and time"
                        + " with its offset, e.g. 2026-12-03T14:05:00.250Z", e);
            }
        }
        return useLatest ? Optional.of(new PointInTime(null)) : Optional.empty();
    }

    /** Whether the metadata has a key this reads, whatever its case. */
    public static boolean named(String key) {
        return KEYS.stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }

    private static boolean parseBoolean(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw ServiceException.invalidParameter("UseLatestRestorableTime must be \"true\" or \"false\", not " + value);
        }
        return value.equalsIgnoreCase("true");
    }

    private static String value(Map<String, String> metadata, String key) {
        return metadata.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
