package dev.hokan.store.copy;

import java.time.Duration;

/** A recovery point copied into another vault: its ID there, and what had to be transferred. */
public record CopyResult(String targetSnapshotId, long chunksTransferred, long bytesTransferred, long storedBytes,
                         Duration duration) {
}
