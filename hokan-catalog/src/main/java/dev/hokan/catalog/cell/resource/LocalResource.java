package dev.hokan.catalog.cell.resource;

import java.time.Instant;

/**
 * A resource registered through the extension API; {@code settings} is a JSON object of its kind's making (for a
 * directory, its path), kept as it was written.
 */
public record LocalResource(String arn, ResourceType type, String name, String settings, Instant registrationDate) {
}
