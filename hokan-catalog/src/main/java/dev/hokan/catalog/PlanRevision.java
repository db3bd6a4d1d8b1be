package dev.hokan.catalog;

import java.time.Instant;

/** One version of a backup plan and when it became the current one. */
public record PlanRevision(String versionId, PlanDocument document, Instant creationDate) {
}
