package dev.hokan.catalog.cell.plan;

import java.time.Instant;

public record BackupSelection(String selectionId, String planId, SelectionDocument document, Instant creationDate,
                              String creatorRequestId) {
}
