package dev.hokan.catalog.cell.event;

import java.time.Instant;

/** Which events to list; null members do not filter. */
public record EventFilter(String type, Instant after, Instant before) {
}
