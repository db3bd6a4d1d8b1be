package dev.hokan.store;

import java.time.Instant;
import java.util.Map;

/** A recovery point as the vault describes it. */
public record SnapshotInfo(String id, String resource, Instant time, SnapshotStatus status, Map<String, String> tags,
                           long totalBytes, long fileCount) {
}
