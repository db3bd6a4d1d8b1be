package dev.hokan.engine;

import dev.hokan.catalog.cell.resource.LocalResource;
import java.util.Map;

/** A registered local resource together with its tags. */
public record RegisteredResource(LocalResource resource, Map<String, String> tags) {
}
