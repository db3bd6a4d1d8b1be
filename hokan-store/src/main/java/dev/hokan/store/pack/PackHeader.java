package dev.hokan.store.pack;

import dev.hokan.store.BlobType;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.io.Decoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the self-description at the end of a pack, so packs can be checked against the index. */
public final class PackHeader {
    private PackHeader() {
    }

    public static List<IndexEntry> read(BlobStore store, ObjectId pack, long packSize, Sealer sealer) throws IOException {
        String key = PackLayout.packKey(pack);
        if (packSize < PackLayout.TRAILER_BYTES + Sealer.OVERHEAD) {
            throw new IOException("pack " + pack + " is too short (" + packSize + " bytes)");
        }
        byte[] trailer = store.get(key, packSize - PackLayout.TRAILER_BYTES, PackLayout.TRAILER_BYTES);
        int headerLength = ((trailer[0] & 0xFF) << 24) | ((trailer[1] & 0xFF) << 16) | ((trailer[2] & 0xFF) << 8) | (trailer[3] & 0xFF);
        long headerStart = packSize - PackLayout.TRAILER_BYTES - headerLength;
        if (headerLength < Sealer.OVERHEAD || headerStart < 0) {
            throw new IOException("pack " + pack + " has a damaged trailer");
        }
        byte[] sealed = store.get(key, headerStart, headerLength);
        Decoder header = new Decoder(sealer.open(sealed, PackLayout.headerContext(pack), "header of pack " + pack),
                "header of pack " + pack);
        int count = header.varint();
        List<IndexEntry> entries = new ArrayList<>(count);
        long offset = 0;
        for (int i = 0; i < count; i++) {
            BlobType type = BlobType.of(header.u8());
            var id = header.chunkId();
            int length = header.varint();
            int rawLength = header.varint();
            entries.add(new IndexEntry(id, type, pack, (int) offset, length, rawLength));
            offset += length;
        }
        if (offset != headerStart) {
            throw new IOException("pack " + pack + " header does not match its size");
        }
        return entries;
    }
}
