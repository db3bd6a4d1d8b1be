package dev.hokan.catalog.cell.restoretest;

import java.time.Instant;

/**
 * A restore testing plan. {@code scheduleAnchor} is when its schedule got its current expression (a rate counts
 * from there); {@code evaluatedUntil} how far its firings have been handled.
 */
public record RestoreTestingPlan(String name, String arn, Instant creationTime, String creatorRequestId,
                                 Instant lastUpdateTime, Instant lastExecutionTime, Instant scheduleAnchor,
                                 Instant evaluatedUntil, RestoreTestingPlanDocument document) {
}
