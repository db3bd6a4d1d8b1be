package dev.hokan.catalog;

import java.time.Instant;

public record PlanVersion(String planId, String versionId, String planName, Instant creationDate) {
}
