package dev.hokan.store.copy;

/** What a copy's destination newly stored from one batch: blobs, their plaintext bytes, and the bytes written for them. */
public record BatchReceipt(long newBlobs, long newBytes, long storedBytes) {
}
