package dev.hokan.catalog.cell.audit;

import java.time.Instant;

/**
 * An audit framework; {@code idempotencyToken} is the one its creation carried, {@code evaluatedAt} when its controls
 * were last evaluated (null before the first time).
 */
public record Framework(String name, String arn, Instant creationTime, String idempotencyToken,
                        DeploymentStatus deploymentStatus,
                        Instant lastUpdateTime, Instant evaluatedAt, FrameworkDocument document) {
}
