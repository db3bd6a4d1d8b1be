package dev.hokan.store.index;

import dev.hokan.store.ChunkId;
import dev.hokan.store.StoredBlobs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A hash table of chunk locations kept in a memory-mapped file: open addressing with linear probing,
 * 48-byte slots (ID, pack number and type, offset, stored length, raw length). Chunk IDs are uniformly
 * random, so the first probe nearly always hits. The table lives in the page cache, not on the heap:
 * 100 million chunks take about 6 GB of file at the 0.8 load limit and a few KiB of heap.
 * Not thread-safe; {@link ChunkIndex} guards it.
 */
final class SlotTable implements AutoCloseable {
    static final int SLOT = 48;
    private static final int HEADER = 64;
    private static final long MAGIC = 0x486f6b616e495831L; // "HokanIX1"
    private static final double MAX_LOAD = 0.8;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final Path file;
    private Arena arena;
    private MemorySegment segment;
    private long capacity;
    private long count;

    private SlotTable(Path file) {
        this.file = file;
    }

    /** Opens the table, or creates an empty one; returns null when the file is unusable (wrong format, left dirty). */
    static SlotTable openExisting(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) < HEADER) {
            return null;
        }
        SlotTable table = new SlotTable(file);
        table.map(Files.size(file));
        boolean usable = table.segment.get(LONG, 0) == MAGIC
                && table.segment.get(INT, 24) == 0
                && HEADER + table.segment.get(LONG, 8) * SLOT == Files.size(file);
        if (!usable) {
            table.close();
            return null;
        }
        table.capacity = table.segment.get(LONG, 8);
        table.count = table.segment.get(LONG, 16);
        return table;
    }

    static SlotTable create(Path file, long capacity) throws IOException {
        Files.deleteIfExists(file);
        SlotTable table = new SlotTable(file);
        table.initialise(capacity);
        return table;
    }

    private void initialise(long newCapacity) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]), HEADER + newCapacity * SLOT - 1);
        }
        map(HEADER + newCapacity * SLOT);
        capacity = newCapacity;
        count = 0;
        segment.set(LONG, 0, MAGIC);
        segment.set(LONG, 8, capacity);
        segment.set(LONG, 16, 0);
    }

    private void map(long size) throws IOException {
        arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
        }
    }

    /** Marks the table as being changed; a table found dirty at open is rebuilt. */
    void setDirty(boolean dirty) {
        segment.set(LONG, 16, count);
        segment.set(INT, 24, dirty ? 1 : 0);
        segment.force();
    }

    /** Slot number holding the ID, or -1. */
    long find(ChunkId id) {
        long slot = Math.unsignedMultiplyHigh(id.a(), capacity);
        while (true) {
            long base = HEADER + slot * SLOT;
            int packWord = segment.get(INT, base + 32);
            if (packWord == 0) {
                return -1;
            }
            if (segment.get(LONG, base) == id.a() && segment.get(LONG, base + 8) == id.b()
                    && segment.get(LONG, base + 16) == id.c() && segment.get(LONG, base + 24) == id.d()) {
                return slot;
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    /** pack number, stored with the type in the top bit and offset by one so that zero marks an empty slot */
    int packWord(long slot) {
        return segment.get(INT, HEADER + slot * SLOT + 32);
    }

    int offset(long slot) {
        return segment.get(INT, HEADER + slot * SLOT + 36);
    }

    int length(long slot) {
        return segment.get(INT, HEADER + slot * SLOT + 40);
    }

    int rawLength(long slot) {
        return segment.get(INT, HEADER + slot * SLOT + 44);
    }

    ChunkId id(long slot) {
        long base = HEADER + slot * SLOT;
        return new ChunkId(segment.get(LONG, base), segment.get(LONG, base + 8), segment.get(LONG, base + 16), segment.get(LONG, base + 24));
    }

    /** Inserts or overwrites the location of an ID. */
    void put(ChunkId id, int packWord, int offset, int length, int rawLength) throws IOException {
        if (count + 1 > capacity * MAX_LOAD) {
            grow();
        }
        long slot = Math.unsignedMultiplyHigh(id.a(), capacity);
        while (true) {
            long base = HEADER + slot * SLOT;
            int existing = segment.get(INT, base + 32);
            boolean same = existing != 0 && segment.get(LONG, base) == id.a() && segment.get(LONG, base + 8) == id.b()
                    && segment.get(LONG, base + 16) == id.c() && segment.get(LONG, base + 24) == id.d();
            if (existing == 0 || same) {
                segment.set(LONG, base, id.a());
                segment.set(LONG, base + 8, id.b());
                segment.set(LONG, base + 16, id.c());
                segment.set(LONG, base + 24, id.d());
                segment.set(INT, base + 32, packWord);
                segment.set(INT, base + 36, offset);
                segment.set(INT, base + 40, length);
                segment.set(INT, base + 44, rawLength);
                if (existing == 0) {
                    count++;
                }
                return;
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    /** The chunks in the table, with their stored and raw lengths summed. */
    StoredBlobs totals() {
        long blobs = 0;
        long raw = 0;
        long stored = 0;
        for (long slot = 0; slot < capacity; slot++) {
            if (packWord(slot) != 0) {
                blobs++;
                raw += Integer.toUnsignedLong(rawLength(slot));
                stored += Integer.toUnsignedLong(length(slot));
            }
        }
        return new StoredBlobs(blobs, raw, stored);
    }

    /**
     * Doubles the table. The old mapping stays usable until the bigger table is complete and in place, so a failure
     * on the way (a thread interrupted in a file operation, a full disk) leaves the table as it was.
     */
    private void grow() throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".grow");
        SlotTable bigger = create(next, capacity * 2);
        try {
            for (long slot = 0; slot < capacity; slot++) {
                int word = packWord(slot);
                if (word != 0) {
                    bigger.put(id(slot), word, offset(slot), length(slot), rawLength(slot));
                }
            }
            bigger.setDirty(true);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            bigger.close();
            throw e;
        }
        // the bigger table's mapping follows its file through the rename
        replaceWith(bigger);
    }

    /** Takes over the other table's mapping and closes this one's. */
    void replaceWith(SlotTable other) {
        Arena old = arena;
        arena = other.arena;
        segment = other.segment;
        capacity = other.capacity;
        count = other.count;
        other.arena = null;
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}
