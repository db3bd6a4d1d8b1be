package dev.hokan.store;

import java.time.Instant;
import java.util.Map;

/** A recovery point as the vault describes it; {@code sourcePath} is where its source was read. */
public record SnapshotInfo(String id, String resource, Instant time, SnapshotStatus status, Map<String, String> tags,
                           long totalBytes, long fileCount, String sourcePath) {
}
