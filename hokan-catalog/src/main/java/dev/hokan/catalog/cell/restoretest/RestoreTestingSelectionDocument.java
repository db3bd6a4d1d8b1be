package dev.hokan.catalog.cell.restoretest;

import java.util.List;
import java.util.Map;

/**
 * What a restore testing selection says; all but the resource type may change. A request may leave members null; a
 * stored selection has every default filled in.
 */
public record RestoreTestingSelectionDocument(String iamRoleArn, String protectedResourceType,
                                              List<String> protectedResourceArns,
                                              ProtectedResourceConditions protectedResourceConditions,
                                              Map<String, String> restoreMetadataOverrides,
                                              Integer validationWindowHours) {
}
