package dev.hokan.engine.schedule;

import dev.hokan.catalog.cell.plan.BackupRule;
import java.time.Instant;

/** A future run of a plan's rule, as the plan now stands. */
public record ScheduledRun(Instant at, BackupRule rule) {
}
