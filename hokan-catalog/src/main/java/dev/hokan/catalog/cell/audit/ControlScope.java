package dev.hokan.catalog.cell.audit;

import java.util.List;
import java.util.Map;

/**
 * What a control evaluates: the resources whose IDs it names, of the types it names, carrying the tag it names; a
 * member left null does not narrow the scope.
 */
public record ControlScope(List<String> complianceResourceIds, List<String> complianceResourceTypes,
                           Map<String, String> tags) {
}
