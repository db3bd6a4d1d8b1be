package dev.hokan.store.pack;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One new pack, in two halves that never touch each other's state: filling, under the {@link Packer}'s lock, copies
 * sealed blobs into the pack's current part in memory and calls no storage; writing, one step after the other on the
 * Packer's writer threads, streams the parts handed over to the store. The pack appears in the store only when
 * finished.
 */
final class PackWriter {
    static final int PART_SIZE = 1 << 20;

    private final ObjectId id = ObjectId.random();
    private final BlobStore store;
    private final List<IndexEntry> entries = new ArrayList<>();
    private byte[] part = new byte[PART_SIZE];
    private int partLength;
    private long size;
    private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);
    private BlobWriter out;
    private IOException failure;

    /** Bytes of the pack handed over for writing at once. */
    record Part(byte[] data, int length) {
    }

    PackWriter(BlobStore store) {
        this.store = store;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void add(BlobType type, ChunkId chunk, byte[] sealed, int sealedLength, int rawLength) {
        entries.add(new IndexEntry(chunk, type, id, (int) size, sealedLength, rawLength));
        if (partLength + sealedLength > part.length) {
            part = Arrays.copyOf(part, partLength + sealedLength);
        }
        System.arraycopy(sealed, 0, part, partLength, sealedLength);
        partLength += sealedLength;
        size += sealedLength;
    }

    boolean partFull() {
        return partLength >= PART_SIZE;
    }

    /** The last storage work handed to this pack, which the next one follows. */
    CompletableFuture<Void> queue() {
        return queue;
    }

    void queue(CompletableFuture<Void> last) {
        queue = last;
    }

    /** The bytes added since the last hand-over; the pack goes on filling a new part. */
    Part takePart() {
        Part taken = new Part(part, partLength);
        part = new byte[PART_SIZE];
        partLength = 0;
        return taken;
    }

    /** Writing: appends a part. After a failed write the pack accepts nothing more, so it never commits a gap. */
    void write(Part taken) throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write of pack " + id.hex() + " failed", failure);
        }
        try {
            if (out == null) {
                out = store.create(PackLayout.packKey(id));
            }
            out.write(taken.data(), 0, taken.length());
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Writing: writes the last part and the header and commits the pack; returns what it holds, for the index. */
    List<IndexEntry> finish(Part last, Sealer sealer) throws IOException {
        write(last);
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

    /** Writing: abandons the pack unless it was finished. */
    void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
