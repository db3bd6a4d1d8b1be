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
 * Reads blobs by ID and proves each one before handing it out: the seal authenticates the bytes and
 * binds them to the ID, and the keyed hash of the plaintext must equal the ID.
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
        String what = (type == BlobType.TREE ? "tree " : "chunk ") + entry.id() + " in pack " + entry.pack();
        byte[] plain = keys.sealer().open(sealed, PackLayout.blobContext(type, entry.id()), what);
        byte[] data = entry.compressed() ? Compression.decompress(plain, entry.rawLength(), what) : plain;
        if (data.length != entry.rawLength() || !keys.hasher().hash(data, 0, data.length).equals(entry.id())) {
            throw new TamperedDataException(what + " does not match its ID");
        }
        return data;
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
