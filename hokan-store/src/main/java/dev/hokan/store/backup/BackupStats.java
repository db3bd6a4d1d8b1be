package dev.hokan.store.backup;

import java.time.Duration;

/**
 * What one backup did: files and bytes scanned (unchanged files included), files skipped as unchanged,
 * new chunks and their plaintext bytes, bytes those occupy after compression and sealing, time taken.
 */
public record BackupStats(long filesScanned, long bytesScanned, long filesUnchanged, long newChunks, long newBytes,
                          long storedBytes, Duration duration) {
}
