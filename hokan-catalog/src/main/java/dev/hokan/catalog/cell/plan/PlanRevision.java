package dev.hokan.catalog.cell.plan;

import java.time.Instant;

/** One version of a backup plan and when it became the current one. */
public record PlanRevision(String versionId, PlanDocument document, Instant creationDate) {
}
