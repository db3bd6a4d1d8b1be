package dev.hokan.catalog.cell.vault;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a vault's storage held when it was last sampled on {@code day} (UTC, by the service clock): its recovery
 * points, the sum of their sizes, the raw bytes of the distinct blobs it keeps (after deduplication) and those bytes
 * as stored (compressed and sealed).
 */
public record StorageSample(String vaultName, LocalDate day, Instant sampledAt, long recoveryPoints,
                            long backupSizeInBytes, long deduplicatedBytes, long storedBytes) {
}
