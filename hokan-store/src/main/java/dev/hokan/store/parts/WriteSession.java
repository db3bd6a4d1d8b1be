package dev.hokan.store.parts;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.index.ChunkIndex;
import dev.hokan.store.index.IndexFile;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.Packer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adds blobs to a vault: stores each new blob once, however many threads offer it, and writes index
 * objects for finished packs. Nothing written is referenced by a manifest until {@link #commit()}
 * returns, so an abandoned session leaves only unreferenced packs for garbage collection.
 */
public final class WriteSession implements AutoCloseable {
    private static final int INDEX_BATCH = 20_000;
    private final BlobStore store;
    private final VaultKeys keys;
    private final ChunkIndex index;
    private final Packer packer;
    private final ConcurrentHashMap<ChunkId, Boolean> claimed = new ConcurrentHashMap<>();
    private final List<IndexEntry> unindexed = new ArrayList<>();
    private final AtomicLong newChunks = new AtomicLong();
    private final AtomicLong newBytes = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private boolean committed;

    public WriteSession(BlobStore store, VaultKeys keys, ChunkIndex index, long packSize) {
        this.store = store;
        this.keys = keys;
        this.index = index;
        this.packer = new Packer(store, keys.sealer(), packSize, this::packFinished);
    }

    /** Stores the blob unless the vault already has it; returns true when it was new. */
    public boolean store(BlobType type, ChunkId id, byte[] data, int offset, int length) throws IOException {
        if (!claim(id)) {
            return false;
        }
        int stored = packer.add(type, id, data, offset, length);
        count(length, stored);
        return true;
    }

    /** Stores a blob already sealed under this vault's key, unless the vault has it. */
    public boolean storeSealed(BlobType type, ChunkId id, byte[] sealed, int rawLength) throws IOException {
        if (!claim(id)) {
            return false;
        }
        packer.addSealed(type, id, sealed, rawLength);
        count(rawLength, sealed.length);
        return true;
    }

    public boolean has(ChunkId id) {
        return claimed.containsKey(id) || index.hasUsable(id);
    }

    private boolean claim(ChunkId id) {
        return !index.hasUsable(id) && claimed.putIfAbsent(id, Boolean.TRUE) == null;
    }

    private void count(long plain, long stored) {
        newChunks.incrementAndGet();
        newBytes.addAndGet(plain);
        storedBytes.addAndGet(stored);
    }

    private void packFinished(List<IndexEntry> entries) throws IOException {
        index.addPending(entries);
        List<IndexEntry> batch = null;
        synchronized (unindexed) {
            unindexed.addAll(entries);
            if (unindexed.size() >= INDEX_BATCH) {
                batch = List.copyOf(unindexed);
                unindexed.clear();
            }
        }
        if (batch != null) {
            writeIndex(batch);
        }
    }

    private void writeIndex(List<IndexEntry> entries) throws IOException {
        if (!entries.isEmpty()) {
            index.indexWritten(IndexFile.write(store, keys.sealer(), entries), entries);
        }
    }

    /** Finishes open packs and indexes everything written; afterwards a manifest may refer to it. */
    public void commit() throws IOException {
        packer.flush();
        List<IndexEntry> rest;
        synchronized (unindexed) {
            rest = List.copyOf(unindexed);
            unindexed.clear();
        }
        writeIndex(rest);
        committed = true;
    }

    public long newChunks() {
        return newChunks.get();
    }

    public long newBytes() {
        return newBytes.get();
    }

    public long storedBytes() {
        return storedBytes.get();
    }

    /**
     * Abandons unfinished packs. Packs already finished are indexed anyway: this process may have
     * deduplicated against them, and an indexed but unreferenced pack is ordinary garbage.
     */
    @Override
    public void close() throws IOException {
        packer.close();
        if (committed) {
            return;
        }
        List<IndexEntry> rest;
        synchronized (unindexed) {
            rest = List.copyOf(unindexed);
            unindexed.clear();
        }
        boolean interrupted = Thread.interrupted();
        try {
            writeIndex(rest);
        } catch (IOException e) {
            index.forgetPending(rest);
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
