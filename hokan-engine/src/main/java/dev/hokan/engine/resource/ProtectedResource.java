package dev.hokan.engine.resource;

import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.catalog.RestoreJob;

/** A resource with recovery points: its newest point and, when it was ever restored, its newest restore. */
public record ProtectedResource(RecoveryPoint latestPoint, RestoreJob latestRestore) {
}
