package dev.hokan.catalog.cell.plan;

import java.time.Instant;

public record PlanVersion(String planId, String versionId, String planName, Instant creationDate) {
}
