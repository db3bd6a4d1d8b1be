package dev.hokan.engine.vault;

import dev.hokan.store.StoredBlobs;

/**
 * What a vault keeps: its recovery points with the sum of their sizes (what they would take kept whole, one by one),
 * and the distinct blobs its storage holds, whose raw bytes are what deduplication left of those sizes and whose
 * stored bytes what compression (and sealing) made of them.
 */
public record VaultUsage(String vaultName, long recoveryPoints, long backupSizeInBytes, StoredBlobs stored) {
}
