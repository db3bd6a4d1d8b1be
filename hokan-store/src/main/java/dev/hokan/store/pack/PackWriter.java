package dev.hokan.store.pack;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Streams sealed blobs into one new pack; the pack appears in the store only when finished. */
final class PackWriter implements AutoCloseable {
    private final ObjectId id = ObjectId.random();
    private final BlobWriter out;
    private final List<IndexEntry> entries = new ArrayList<>();

    PackWriter(BlobStore store) throws IOException {
        this.out = store.create(PackLayout.packKey(id));
    }

    long size() {
        return out.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void add(BlobType type, ChunkId chunk, byte[] sealed, int sealedLength, int rawLength) throws IOException {
        entries.add(new IndexEntry(chunk, type, id, (int) out.size(), sealedLength, rawLength));
        out.write(sealed, 0, sealedLength);
    }

    /** Writes the header and commits the pack; returns what it holds, for the index. */
    List<IndexEntry> finish(Sealer sealer) throws IOException {
        Encoder header = new Encoder(entries.size() * 48 + 8);
        header.varlong(entries.size());
        for (IndexEntry entry : entries) {
            header.u8(entry.type().code()).chunkId(entry.id()).varlong(entry.length()).varlong(entry.rawLength());
        }
        byte[] sealed = sealer.seal(header.toBytes(), PackLayout.headerContext(id));
        out.write(sealed);
        out.write(new byte[] {
            (byte) (sealed.length >>> 24), (byte) (sealed.length >>> 16), (byte) (sealed.length >>> 8), (byte) sealed.length
        });
        out.commit();
        return List.copyOf(entries);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
