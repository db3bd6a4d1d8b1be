package dev.hokan.store.blob;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a vault keeps its objects. Keys are relative, '/'-separated names such as {@code data/3f/3f91...}.
 * A put is atomic: readers see the whole object or nothing, never a partial one.
 */
public interface BlobStore {

    void put(String key, byte[] data) throws IOException;

    /**
     * Starts writing a large object piece by piece; it becomes visible only on {@link BlobWriter#commit()}.
     * Writers hold little memory, whatever the object's size.
     */
    BlobWriter create(String key) throws IOException;

    /** Writes only if no object has that key; returns false when one already exists. */
    boolean putIfAbsent(String key, byte[] data) throws IOException;

    /** @throws NoSuchBlobException if the key does not exist */
    byte[] get(String key) throws IOException;

    /** Reads {@code length} bytes starting at {@code offset}. */
    byte[] get(String key, long offset, int length) throws IOException;

    /** Reads {@code length} bytes starting at {@code offset} into the start of {@code into}. */
    default void read(String key, long offset, int length, byte[] into) throws IOException {
        System.arraycopy(get(key, offset, length), 0, into, 0, length);
    }

    /**
     * Announces what a reader will read, in the order it will read it (a restore's chunks): a store that pays a
     * round trip per request fetches it ahead of the reads, holding a bounded amount in memory; the others ignore it.
     * Reads work the same with or without a plan; the announcement holds until the plan is closed.
     */
    default ReadPlan plan(List<BlobRange> reads) {
        return ReadPlan.NONE;
    }

    /** Objects whose key starts with the prefix, in no particular order. */
    List<BlobInfo> list(String prefix) throws IOException;

    /** @return false when there was nothing to delete */
    boolean delete(String key) throws IOException;

    Optional<BlobInfo> stat(String key) throws IOException;

    /**
     * The distinct names one level below the prefix (an empty prefix or one ending in '/'), as directories
     * are to files: for {@code a/b/c} and {@code a/d}, {@code children("")} is {@code [a]} and
     * {@code children("a/")} is {@code [b, d]}. In no particular order.
     */
    List<String> children(String prefix) throws IOException;

    /** Deletes every object whose key starts with the prefix, and whatever the store keeps for them. */
    default void deleteAll(String prefix) throws IOException {
        for (BlobInfo info : list(prefix)) {
            delete(info.key());
        }
    }

    /**
     * Removes what writers that died left unfinished: it was never visible, and nobody will finish it.
     * Returns how many leftovers it removed; a store whose unfinished writes vanish by themselves has none.
     */
    default int removeAbandonedWrites() throws IOException {
        return 0;
    }

    /**
     * The storage's own protection against deletion, where this store has it (an S3 bucket with Object Lock); empty
     * where it does not, and a vault then relies on the catalog's rules alone.
     */
    default Optional<ObjectLock> objectLock() throws IOException {
        return Optional.empty();
    }

    /** A short human-readable location for messages. */
    String describe();
}
