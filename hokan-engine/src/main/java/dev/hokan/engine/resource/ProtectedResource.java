package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.vault.RecoveryPoint;

/** A resource with recovery points: its newest point and, when it was ever restored, its newest restore. */
public record ProtectedResource(RecoveryPoint latestPoint, RestoreJob latestRestore) {
}
