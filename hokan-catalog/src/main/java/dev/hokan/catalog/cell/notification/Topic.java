package dev.hokan.catalog.cell.notification;

import java.time.Instant;
import java.util.Map;

/** An SNS topic of the cell, by name, with the attributes its owner set ({@code DisplayName}, {@code Policy}). */
public record Topic(String name, Instant creationDate, Map<String, String> attributes) {
    public Topic {
        attributes = Map.copyOf(attributes);
    }
}
