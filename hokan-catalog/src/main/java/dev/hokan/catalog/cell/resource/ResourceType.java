package dev.hokan.catalog.cell.resource;

import java.util.Objects;

/**
 * The type of a protected resource as the catalog stores it and clients see it: the wire name of its kind, e.g.
 * {@code Directory}. The catalog knows no kinds; the engine's registry does.
 */
public record ResourceType(String wireName) {
    public ResourceType {
        Objects.requireNonNull(wireName, "wireName");
    }
}
