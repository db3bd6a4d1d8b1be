package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.resource.ResourceType;
import java.util.Map;

/** What GetRecoveryPointRestoreMetadata answers: the point's resource type and the metadata its kind offers. */
public record RestoreMetadata(ResourceType resourceType, Map<String, String> metadata) {
}
