package dev.hokan.store.blob;

/** {@code length} bytes from {@code offset} of the object under {@code key}. */
public record BlobRange(String key, long offset, int length) {
}
