package dev.hokan.store.blob;

import java.io.IOException;

/** An object being written: invisible until committed, discarded by {@link #close()} if not committed. */
public interface BlobWriter extends AutoCloseable {

    void write(byte[] data, int offset, int length) throws IOException;

    default void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /** Bytes written so far. */
    long size();

    /** Makes the object durable and visible under its key. */
    void commit() throws IOException;

    /** Abandons the object unless it was committed. */
    @Override
    void close() throws IOException;
}
