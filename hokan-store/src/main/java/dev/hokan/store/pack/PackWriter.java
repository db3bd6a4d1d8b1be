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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One new pack, in two halves that share only the parts handed from one to the other. Filling, under the
 * {@link Packer}'s lock, copies sealed blobs into fixed-size parts in memory and calls no storage. Writing runs the
 * pack's storage steps one after another on the Packer's writer threads: it streams the parts to the store, then
 * writes the header and commits, and the pack appears in the store only then. After a failed step it writes nothing
 * more, so it never commits a pack with a gap.
 */
final class PackWriter {
    static final int PART_SIZE = 1 << 20;

    private final ObjectId id = ObjectId.random();
    private final BlobStore store;
    private final Supplier<byte[]> newPart;
    private final List<IndexEntry> entries = new ArrayList<>();
    private byte[] part;
    private int partLength;
    private long size;
    private CompletableFuture<Void> steps = CompletableFuture.completedFuture(null);
    private BlobWriter out;
    private boolean failed;

    /** Bytes of the pack handed to its writing at once: a full part, or the last one. */
    record Part(byte[] data, int length) {
    }

    /** A storage step of the pack. */
    interface Step {
        void run() throws IOException;
    }

    /** {@code newPart} gives an array of {@link #PART_SIZE} bytes to fill. */
    PackWriter(BlobStore store, Supplier<byte[]> newPart) {
        this.store = store;
        this.newPart = newPart;
        this.part = newPart.get();
    }

    long size() {
        return size;
    }

    /** Filling: copies the blob into the pack; returns the parts it filled up, to be written in this order. */
    List<Part> add(BlobType type, ChunkId chunk, byte[] sealed, int sealedLength, int rawLength) {
        entries.add(new IndexEntry(chunk, type, id, (int) size, sealedLength, rawLength));
        size += sealedLength;
        List<Part> full = new ArrayList<>(1);
        for (int copied = 0; copied < sealedLength; ) {
            int n = Math.min(sealedLength - copied, PART_SIZE - partLength);
            System.arraycopy(sealed, copied, part, partLength, n);
            partLength += n;
            copied += n;
            if (partLength == PART_SIZE) {
                full.add(new Part(part, partLength));
                part = newPart.get();
                partLength = 0;
            }
        }
        return full;
    }

    /** Filling, once the pack takes no more blobs: what is left to write before the header. */
    Part lastPart() {
        return new Part(part, partLength);
    }

    /**
     * Filling: makes {@code step} the pack's next storage step, to run after all steps before it even if one of them
     * failed (the pack must still be abandoned). Returns the step's completion.
     */
    CompletableFuture<Void> then(Step step, Executor writers) {
        steps = steps.handleAsync((before, failure) -> {
            try {
                step.run();
                return null;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, writers);
        return steps;
    }

    /** Writing: appends a part. */
    void write(Part taken) throws IOException {
        if (failed) {
            throw new IOException("pack " + id.hex() + " is not written: an earlier write of it failed");
        }
        try {
            if (out == null) {
                out = store.create(PackLayout.packKey(id));
            }
            out.write(taken.data(), 0, taken.length());
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Writing: appends the last part and the header and commits the pack; returns what it holds, for the index. */
    List<IndexEntry> finish(Part last, Sealer sealer) throws IOException {
        write(last);
        Encoder header = new Encoder(entries.size() * 48 + 8);
        header.varlong(entries.size());
        for (IndexEntry entry : entries) {
            header.u8(entry.type().code()).chunkId(entry.id()).varlong(entry.length()).varlong(entry.rawLength());
        }
        byte[] sealed = sealer.seal(header.toBytes(), PackLayout.headerContext(id));
        write(new Part(sealed, sealed.length));
        byte[] trailer = {
            (byte) (sealed.length >>> 24), (byte) (sealed.length >>> 16), (byte) (sealed.length >>> 8), (byte) sealed.length
        };
        write(new Part(trailer, trailer.length));
        out.commit();
        return List.copyOf(entries);
    }

    /** Writing: abandons the pack unless it was committed. */
    void abandon() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
