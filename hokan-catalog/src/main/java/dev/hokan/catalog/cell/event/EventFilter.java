package dev.hokan.catalog.cell.event;

import java.time.Instant;

/**
 * Which events to list, as CloudTrail looks them up: by event type (its event name), by actor, by the resource ARN
 * they concern, and by time; null members do not filter.
 */
public record EventFilter(String type, String actor, String resourceArn, Instant after, Instant before) {
}
