package dev.hokan.store;

/**
 * The distinct blobs (file chunks and trees) a vault stores: how many, their bytes before compression
 * ({@code rawBytes}: what deduplication left), and their bytes as stored, compressed and sealed.
 */
public record StoredBlobs(long blobs, long rawBytes, long storedBytes) {
}
