package dev.hokan.catalog;

/** How many jobs in one state there are for one resource type. */
public record JobCount(String state, ResourceType resourceType, long count) {
}
