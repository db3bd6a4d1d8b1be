package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.resource.LocalResource;
import java.util.Map;

/** A registered resource together with its tags. */
public record RegisteredResource(LocalResource resource, Map<String, String> tags) {
    public ResourceKind kind() {
        return ResourceKinds.of(resource.type());
    }

    public ResourceSettings settings() {
        return ResourceSettings.parse(resource.settings());
    }
}
