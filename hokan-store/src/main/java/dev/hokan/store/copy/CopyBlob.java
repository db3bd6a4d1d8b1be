package dev.hokan.store.copy;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import java.util.Objects;

/** One blob on its way to a copy's destination, in plaintext, under its ID in the source vault. */
public record CopyBlob(BlobType type, ChunkId sourceId, byte[] plaintext) {
    public CopyBlob {
        Objects.requireNonNull(type);
        Objects.requireNonNull(sourceId);
        Objects.requireNonNull(plaintext);
    }
}
