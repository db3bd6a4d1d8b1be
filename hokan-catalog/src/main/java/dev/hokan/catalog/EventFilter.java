package dev.hokan.catalog;

import java.time.Instant;

/** Which events to list; null members do not filter. */
public record EventFilter(String type, Instant after, Instant before) {
}
