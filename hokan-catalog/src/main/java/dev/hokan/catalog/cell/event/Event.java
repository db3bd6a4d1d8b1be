package dev.hokan.catalog.cell.event;

import java.time.Instant;
import java.util.Map;

/**
 * A state change, kept for the audit trail and notifications: what happened ({@code type}), to which resource,
 * by whom ({@code actor}: a principal ARN, or the service itself), with details as plain strings.
 */
public record Event(String eventId, Instant time, String type, String resourceArn, String actor, String message,
                    Map<String, String> details) {
}
