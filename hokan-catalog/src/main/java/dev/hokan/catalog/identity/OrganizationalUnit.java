package dev.hokan.catalog.identity;

/** An organisational unit ({@code ou-}) under the root or another unit. */
public record OrganizationalUnit(String ouId, String parentId, String name) {
}
