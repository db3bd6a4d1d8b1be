package dev.hokan.store.pack;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.crypto.Sealer;

/**
 * Where one blob lives: pack, byte offset and stored (sealed) length. A blob is stored compressed exactly
 * when compression made it smaller, so the stored length alone tells whether to decompress.
 */
public record IndexEntry(ChunkId id, BlobType type, ObjectId pack, int offset, int length, int rawLength) {

    public boolean compressed() {
        return length - Sealer.OVERHEAD != rawLength;
    }
}
