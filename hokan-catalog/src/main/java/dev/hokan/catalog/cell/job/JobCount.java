package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.resource.ResourceType;

/** How many jobs in one state there are for one resource type. */
public record JobCount(String state, ResourceType resourceType, long count) {
}
