package dev.hokan.catalog.cell.audit;

import java.util.List;

/** What a framework says, all of which UpdateFramework may change. */
public record FrameworkDocument(String description, List<FrameworkControl> controls) {
}
