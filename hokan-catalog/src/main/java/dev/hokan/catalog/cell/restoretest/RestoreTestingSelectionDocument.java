package dev.hokan.catalog.cell.restoretest;

import java.util.List;
import java.util.Map;

/** What a restore testing selection says; all but the resource type may change. */
public record RestoreTestingSelectionDocument(String iamRoleArn, String protectedResourceType,
                                              List<String> protectedResourceArns,
                                              ProtectedResourceConditions protectedResourceConditions,
                                              Map<String, String> restoreMetadataOverrides,
                                              int validationWindowHours) {
}
