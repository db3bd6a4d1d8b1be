package dev.hokan.catalog.cell.restoretest;

import java.time.Instant;

/** The resources of one type a restore testing plan tests. */
public record RestoreTestingSelection(String planName, String name, Instant creationTime, String creatorRequestId,
                                      Instant lastUpdateTime, RestoreTestingSelectionDocument document) {
}
