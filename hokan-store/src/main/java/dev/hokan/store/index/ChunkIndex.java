package dev.hokan.store.index;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.StoredBlobs;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.pack.IndexEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * Chunk ID to location, for one vault. The vault's sealed index objects are the truth; this is a local,
 * disposable cache of them in a memory-mapped {@link SlotTable}, plus the locations of packs this process
 * wrote and has not yet indexed. Heap use is independent of the vault's size but for the pack list
 * (about 40 bytes per pack: some 60 MB for the 1.5 million packs of 100 million chunks).
 * <p>
 * The cache records which index objects it holds; when one of them disappears (garbage collection
 * rewrote it) or the cache was left half-updated, it is rebuilt from the vault. A second process using
 * the same cache directory gets a private temporary cache instead of waiting.
 */
public final class ChunkIndex implements AutoCloseable {
    private static final long INITIAL_CAPACITY = 1 << 16;

    private final BlobStore store;
    private final Sealer sealer;
    private final Path directory;
    private final boolean temporary;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReadWriteLock guard = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<ChunkId, IndexEntry> pending = new ConcurrentHashMap<>();
    private final List<ObjectId> packs = new ArrayList<>();
    private final Set<ObjectId> sources = new LinkedHashSet<>();
    private final BitSet condemnedPackNumbers = new BitSet();
    private Set<ObjectId> condemnedPacks = Set.of();
    private SlotTable table;

    private ChunkIndex(BlobStore store, Sealer sealer, Path directory, boolean temporary,
                       FileChannel lockChannel, FileLock lock) {
        this.store = store;
        this.sealer = sealer;
        this.directory = directory;
        this.temporary = temporary;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens the cache in {@code directory} (created if needed) and brings it up to date with the vault. */
    public static ChunkIndex open(BlobStore store, Sealer sealer, Path directory) throws IOException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        ChunkIndex index;
        if (lock == null) {
            channel.close();
            Path privateDirectory = Files.createTempDirectory(directory.getParent(), "index-");
            index = new ChunkIndex(store, sealer, privateDirectory, true, null, null);
        } else {
            index = new ChunkIndex(store, sealer, directory, false, channel, lock);
        }
        try {
            index.load();
            index.refresh();
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    private Path tableFile() {
        return directory.resolve("index.table");
    }

    private Path packsFile() {
        return directory.resolve("packs.bin");
    }

    private Path sourcesFile() {
        return directory.resolve("sources.txt");
    }

    private void load() throws IOException {
        table = SlotTable.openExisting(tableFile());
        if (table == null) {
            startEmpty();
            return;
        }
        if (Files.exists(packsFile())) {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(packsFile()));
            while (buffer.remaining() >= 16) {
                packs.add(new ObjectId(buffer.getLong(), buffer.getLong()));
            }
        }
        if (Files.exists(sourcesFile())) {
            for (String line : Files.readAllLines(sourcesFile(), StandardCharsets.US_ASCII)) {
                if (ObjectId.isValid(line)) {
                    sources.add(ObjectId.parse(line));
                }
            }
        }
    }

    /**
     * Starts over with an empty table. The new table is made before the old one is let go, so a failure on the way
     * (a thread interrupted in a file operation) leaves the old one in use rather than a closed one.
     */
    private void startEmpty() throws IOException {
        SlotTable empty = SlotTable.create(tableFile(), INITIAL_CAPACITY);
        empty.setDirty(true);
        if (table == null) {
            table = empty;
        } else {
            table.replaceWith(empty);
        }
        packs.clear();
        sources.clear();
        Files.deleteIfExists(packsFile());
        Files.deleteIfExists(sourcesFile());
        table.setDirty(false);
    }

    /** Brings the cache up to date with the index objects now in the vault. */
    public void refresh() throws IOException {
        guard.writeLock().lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    catchUp();
                    break;
                } catch (java.io.FileNotFoundException rewrittenMeanwhile) {
                    // garbage collection replaced an index object while we read: look again
                    if (attempt == 5) {
                        throw rewrittenMeanwhile;
                    }
                }
            }
            recomputeCondemned();
        } finally {
            guard.writeLock().unlock();
        }
    }

    private void catchUp() throws IOException {
        Set<ObjectId> current = new HashSet<>(IndexFile.list(store));
        if (!current.containsAll(sources)) {
            startEmpty();
        }
        for (ObjectId id : current) {
            if (!sources.contains(id)) {
                addIndexObject(id, IndexFile.read(store, sealer, id));
            }
        }
    }

    private void addIndexObject(ObjectId indexId, List<IndexEntry> entries) throws IOException {
        table.setDirty(true);
        List<ObjectId> newPacks = new ArrayList<>();
        ObjectId lastPack = null;
        int lastPackNumber = -1;
        for (IndexEntry entry : entries) {
            if (!entry.pack().equals(lastPack)) {
                lastPack = entry.pack();
                lastPackNumber = packs.size();
                packs.add(lastPack);
                newPacks.add(lastPack);
            }
            long existing = table.find(entry.id());
            // Keep a copy in a pack that is not about to be deleted.
            if (existing < 0 || isCondemned(table.packWord(existing))) {
                table.put(entry.id(), packWord(lastPackNumber, entry.type()), entry.offset(), entry.length(), entry.rawLength());
            }
        }
        ByteBuffer packBytes = ByteBuffer.allocate(newPacks.size() * 16);
        newPacks.forEach(p -> packBytes.putLong(p.hi()).putLong(p.lo()));
        Files.write(packsFile(), packBytes.array(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(sourcesFile(), indexId.hex() + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        sources.add(indexId);
        table.setDirty(false);
    }

    private static int packWord(int packNumber, BlobType type) {
        return ((packNumber + 1) & 0x7FFFFFFF) | (type == BlobType.TREE ? 0x80000000 : 0);
    }

    private boolean isCondemned(int packWord) {
        return condemnedPackNumbers.get((packWord & 0x7FFFFFFF) - 1);
    }

    /**
     * Packs that garbage collection has condemned: writers must not deduplicate against blobs in them,
     * and readers prefer other copies.
     */
    public void setCondemned(Collection<ObjectId> condemned) {
        guard.writeLock().lock();
        try {
            condemnedPacks = Set.copyOf(condemned);
            recomputeCondemned();
        } finally {
            guard.writeLock().unlock();
        }
    }

    private void recomputeCondemned() {
        condemnedPackNumbers.clear();
        if (condemnedPacks.isEmpty()) {
            return;
        }
        for (int i = 0; i < packs.size(); i++) {
            if (condemnedPacks.contains(packs.get(i))) {
                condemnedPackNumbers.set(i);
            }
        }
    }

    /** True when the blob is stored in a pack that is safe to refer to from a new snapshot. */
    public boolean hasUsable(ChunkId id) {
        if (pending.containsKey(id)) {
            return true;
        }
        guard.readLock().lock();
        try {
            long slot = table.find(id);
            return slot >= 0 && !isCondemned(table.packWord(slot));
        } finally {
            guard.readLock().unlock();
        }
    }

    public Optional<IndexEntry> lookup(ChunkId id) {
        IndexEntry own = pending.get(id);
        if (own != null) {
            return Optional.of(own);
        }
        guard.readLock().lock();
        try {
            long slot = table.find(id);
            if (slot < 0) {
                return Optional.empty();
            }
            int word = table.packWord(slot);
            return Optional.of(new IndexEntry(id, word < 0 ? BlobType.TREE : BlobType.DATA,
                    packs.get((word & 0x7FFFFFFF) - 1), table.offset(slot), table.length(slot), table.rawLength(slot)));
        } finally {
            guard.readLock().unlock();
        }
    }

    /** Every blob the vault's index objects and this process's unindexed packs hold, counted once. */
    public StoredBlobs totals() {
        guard.readLock().lock();
        try {
            StoredBlobs indexed = table.totals();
            long blobs = indexed.blobs();
            long raw = indexed.rawBytes();
            long stored = indexed.storedBytes();
            for (IndexEntry entry : pending.values()) {
                if (table.find(entry.id()) < 0) {
                    blobs++;
                    raw += entry.rawLength();
                    stored += entry.length();
                }
            }
            return new StoredBlobs(blobs, raw, stored);
        } finally {
            guard.readLock().unlock();
        }
    }

    /** Locations of blobs in packs this process finished, before an index object covers them. */
    public void addPending(Collection<IndexEntry> entries) {
        for (IndexEntry entry : entries) {
            pending.put(entry.id(), entry);
        }
    }

    /** Forgets pending locations whose packs will never be indexed. */
    public void forgetPending(Collection<IndexEntry> entries) {
        for (IndexEntry entry : entries) {
            pending.remove(entry.id(), entry);
        }
    }

    /** The entries are now durably described by the index object {@code indexId}. */
    public void indexWritten(ObjectId indexId, List<IndexEntry> entries) throws IOException {
        guard.writeLock().lock();
        try {
            addIndexObject(indexId, entries);
        } finally {
            guard.writeLock().unlock();
        }
        for (IndexEntry entry : entries) {
            pending.remove(entry.id(), entry);
        }
    }

    @Override
    public void close() throws IOException {
        if (table != null) {
            table.close();
        }
        if (lock != null) {
            lock.release();
            lockChannel.close();
        }
        if (temporary) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        }
    }
}
