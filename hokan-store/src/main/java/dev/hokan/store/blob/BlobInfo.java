package dev.hokan.store.blob;

import java.time.Instant;

public record BlobInfo(String key, long size, Instant modified) {
}
