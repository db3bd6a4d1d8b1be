package dev.hokan.store;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.crypto.TamperedDataException;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.index.ChunkIndex;
import dev.hokan.store.pack.BlobType;
import dev.hokan.store.pack.Compression;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.tree.Tree;
import java.io.IOException;

/**
 * Reads blobs by ID and proves each one before handing it out: the seal authenticates the bytes and,
 * through its associated data, binds them to the ID they were stored under. The full check additionally
 * recomputes the keyed hash of every plaintext ({@link #openAndRehash}).
 */
final class BlobLoader {
    private final BlobStore store;
    private final VaultKeys keys;
    private final ChunkIndex index;

    BlobLoader(BlobStore store, VaultKeys keys, ChunkIndex index) {
        this.store = store;
        this.keys = keys;
        this.index = index;
    }

    byte[] load(ChunkId id, BlobType type) throws IOException {
        IndexEntry entry = locate(id);
        byte[] sealed;
        try {
            sealed = store.get(PackLayout.packKey(entry.pack()), entry.offset(), entry.length());
        } catch (NoSuchBlobException moved) {
            // Garbage collection may have moved the blob since the index was read.
            index.refresh();
            entry = locate(id);
            sealed = store.get(PackLayout.packKey(entry.pack()), entry.offset(), entry.length());
        }
        return open(entry, sealed, type);
    }

    byte[] open(IndexEntry entry, byte[] sealed, BlobType type) throws IOException {
        byte[] plain = keys.sealer().open(sealed, PackLayout.blobContext(type, entry.id()), describe(entry, type));
        byte[] data = entry.compressed() ? Compression.decompress(plain, entry.rawLength(), describe(entry, type)) : plain;
        if (data.length != entry.rawLength()) {
            throw new TamperedDataException(describe(entry, type) + " does not have its recorded size");
        }
        return data;
    }

    /** Opens the blob and also checks that its content hashes to its ID, as {@code verify --read-data} does. */
    byte[] openAndRehash(IndexEntry entry, byte[] sealed, BlobType type) throws IOException {
        byte[] data = open(entry, sealed, type);
        if (!keys.hasher().hash(data, 0, data.length).equals(entry.id())) {
            throw new TamperedDataException(describe(entry, type) + " does not match its ID");
        }
        return data;
    }

    private static String describe(IndexEntry entry, BlobType type) {
        return (type == BlobType.TREE ? "tree " : "chunk ") + entry.id() + " in pack " + entry.pack();
    }

    int sizeOf(ChunkId id) throws IOException {
        return locate(id).rawLength();
    }

    Tree tree(ChunkId id) throws IOException {
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
