package dev.hokan.catalog.cell.plan;

import java.util.List;

/** What a backup selection assigns to its plan, as the caller gave it. */
public record SelectionDocument(String selectionName, String iamRoleArn, List<String> resources,
                                List<String> notResources, List<TagCondition> listOfTags,
                                SelectionConditions conditions) {
}
