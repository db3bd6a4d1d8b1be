package dev.hokan.store.pack;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import java.nio.charset.StandardCharsets;

/**
 * Object names and associated data used for sealing, in one place.
 * A pack is: sealed blobs back to back, then the sealed header listing them, then the header's
 * length as 4 big-endian bytes. Associated data binds each sealed object to its identity, so a blob
 * moved to another place or a header swapped between packs fails authentication.
 */
public final class PackLayout {
    public static final String DATA_PREFIX = "data/";
    public static final String INDEX_PREFIX = "index/";
    public static final int TRAILER_BYTES = 4;

    private PackLayout() {
    }

    public static String packKey(ObjectId pack) {
        String hex = pack.hex();
        return DATA_PREFIX + hex.substring(0, 2) + "/" + hex;
    }

    public static ObjectId packOf(String key) {
        return ObjectId.parse(key.substring(key.lastIndexOf('/') + 1));
    }

    public static String indexKey(ObjectId index) {
        return INDEX_PREFIX + index.hex();
    }

    public static byte[] blobContext(BlobType type, ChunkId id) {
        byte[] context = new byte[1 + ChunkId.BYTES];
        context[0] = (byte) type.code();
        System.arraycopy(id.toBytes(), 0, context, 1, ChunkId.BYTES);
        return context;
    }

    public static byte[] headerContext(ObjectId pack) {
        return ("pack-header:" + pack.hex()).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] indexContext(ObjectId index) {
        return ("index:" + index.hex()).getBytes(StandardCharsets.US_ASCII);
    }
}
