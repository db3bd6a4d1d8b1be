package dev.hokan.catalog.cell.plan;

import java.time.Instant;

/** A backup plan with the document of one of its versions (the current one unless asked otherwise). */
public record BackupPlan(String planId, String versionId, PlanDocument document, Instant creationDate,
                         Instant deletionDate, String creatorRequestId, Instant lastExecutionDate) {
    public boolean isDeleted() {
        return deletionDate != null;
    }
}
