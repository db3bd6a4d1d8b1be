package dev.hokan.catalog.cell.resource;

import java.time.Instant;

/** A resource registered through the extension API; {@code location} is e.g. the directory path. */
public record LocalResource(String arn, ResourceType type, String name, String location, Instant registrationDate) {
}
