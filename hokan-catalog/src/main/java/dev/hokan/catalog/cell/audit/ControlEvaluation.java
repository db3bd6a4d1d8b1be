package dev.hokan.catalog.cell.audit;

import java.time.Instant;

/**
 * How one resource fared under one control of a framework at its latest evaluation, and why. {@code resourceId} is
 * the ARN of what the control looked at (a resource, backup plan, vault or recovery point), {@code resourceType}
 * its type (a resource type such as {@code Directory}, or {@code BackupPlan}, {@code BackupVault},
 * {@code RecoveryPoint}).
 */
public record ControlEvaluation(String frameworkName, String controlName, String resourceId, String resourceType,
                                ComplianceStatus status, String reason, Instant evaluatedAt) {
}
