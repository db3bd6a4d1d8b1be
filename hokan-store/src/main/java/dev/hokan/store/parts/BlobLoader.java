package dev.hokan.store.parts;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobRange;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.blob.ReadPlan;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.crypto.TamperedDataException;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.index.ChunkIndex;
import dev.hokan.store.pack.Compression;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads blobs by ID and proves each one before handing it out: the seal authenticates the bytes and,
 * through its associated data, binds them to the ID they were stored under. The full check additionally
 * recomputes the keyed hash of every plaintext ({@link #openAndRehash}).
 */
public final class BlobLoader {
    private final BlobStore store;
    private final VaultKeys keys;
    private final ChunkIndex index;

    public BlobLoader(BlobStore store, VaultKeys keys, ChunkIndex index) {
        this.store = store;
        this.keys = keys;
        this.index = index;
    }

    public byte[] load(ChunkId id, BlobType type) throws IOException {
        return load(id, type, new Buffers()).copy();
    }

    /** Like {@link #load(ChunkId, BlobType)}, into {@code buffers}: the result is valid until their next use. */
    public Plaintext load(ChunkId id, BlobType type, Buffers buffers) throws IOException {
        IndexEntry entry = locate(id);
        try {
            read(entry, buffers);
        } catch (NoSuchBlobException moved) {
            // Garbage collection may have moved the blob since the index was read.
            index.refresh();
            entry = locate(id);
            read(entry, buffers);
        }
        return open(entry, buffers.sealed, entry.length(), type, buffers);
    }

    private void read(IndexEntry entry, Buffers buffers) throws IOException {
        buffers.sealed = Buffers.fit(buffers.sealed, entry.length());
        store.read(PackLayout.packKey(entry.pack()), entry.offset(), entry.length(), buffers.sealed);
    }

    /** A blob's plaintext: the first {@code length} bytes of {@code bytes}. */
    public record Plaintext(byte[] bytes, int length) {
        byte[] copy() {
            return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    /**
     * Arrays one thread reuses blob after blob. A restore reads gigabytes: allocated per blob, its arrays
     * were 4 GB of garbage per 2 GiB restored (323 young collections, 23 with reuse), and those in use at a
     * collection were copied or promoted.
     */
    public static final class Buffers {
        private byte[] sealed = new byte[0];
        private byte[] plain = new byte[0];
        private byte[] raw = new byte[0];

        private static byte[] fit(byte[] array, int length) {
            return array.length >= length ? array : new byte[length];
        }
    }

    public byte[] open(IndexEntry entry, byte[] sealed, BlobType type) throws IOException {
        return open(entry, sealed, sealed.length, type, new Buffers()).copy();
    }

    private Plaintext open(IndexEntry entry, byte[] sealed, int sealedLength, BlobType type, Buffers buffers) throws IOException {
        String what = describe(entry, type);
        buffers.plain = Buffers.fit(buffers.plain, Math.max(0, sealedLength - Sealer.OVERHEAD));
        int opened = keys.sealer().open(sealed, sealedLength, PackLayout.blobContext(type, entry.id()), what, buffers.plain);
        if (!entry.compressed()) {
            if (opened != entry.rawLength()) {
                throw new TamperedDataException(what + " does not have its recorded size");
            }
            return new Plaintext(buffers.plain, opened);
        }
        buffers.raw = Buffers.fit(buffers.raw, entry.rawLength());
        Compression.decompress(buffers.plain, opened, buffers.raw, entry.rawLength(), what);
        return new Plaintext(buffers.raw, entry.rawLength());
    }

    /** Opens the blob and also checks that its content hashes to its ID, as {@code verify --read-data} does. */
    public byte[] openAndRehash(IndexEntry entry, byte[] sealed, BlobType type) throws IOException {
        byte[] data = open(entry, sealed, type);
        if (!keys.hasher().hash(data, 0, data.length).equals(entry.id())) {
            throw new TamperedDataException(describe(entry, type) + " does not match its ID");
        }
        return data;
    }

    private static String describe(IndexEntry entry, BlobType type) {
        return (type == BlobType.TREE ? "tree " : "chunk ") + entry.id() + " in pack " + entry.pack();
    }

    /**
     * Tells the store which blobs will be loaded, in that order ({@link BlobStore#plan}). Blobs the index does not
     * know are left out: loading them fails as it would without a plan.
     */
    public ReadPlan plan(List<ChunkId> ids) {
        List<BlobRange> reads = new ArrayList<>(ids.size());
        // one key per pack, not per chunk: a restore of a terabyte plans millions of chunks
        Map<ObjectId, String> packKeys = new HashMap<>();
        for (ChunkId id : ids) {
            index.lookup(id).ifPresent(entry -> reads.add(new BlobRange(packKeys.computeIfAbsent(entry.pack(),
                    PackLayout::packKey), entry.offset(), entry.length())));
        }
        return store.plan(reads);
    }

    public int sizeOf(ChunkId id) throws IOException {
        return locate(id).rawLength();
    }

    public Tree tree(ChunkId id) throws IOException {
        return Tree.decode(load(id, BlobType.TREE), "tree " + id);
    }

    private IndexEntry locate(ChunkId id) throws IOException {
        var entry = index.lookup(id);
        if (entry.isEmpty()) {
            // Written by another process since this one last read the index.
            index.refresh();
            entry = index.lookup(id);
        }
        return entry.orElseThrow(() -> new IOException("chunk " + id + " is missing from the vault"));
    }
}
