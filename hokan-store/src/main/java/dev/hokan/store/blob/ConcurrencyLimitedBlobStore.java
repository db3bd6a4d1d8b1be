package dev.hokan.store.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * Lets at most as many calls reach the store at once as the semaphore has permits; the others wait for one. Stores
 * opened on one backend share its semaphore. A permit is held for one call, never across the life of a writer, so
 * an object being written does not keep others out between its pieces.
 */
public final class ConcurrencyLimitedBlobStore extends DecoratedBlobStore {
    private final Semaphore permits;

    public ConcurrencyLimitedBlobStore(BlobStore store, Semaphore permits) {
        super(store);
        this.permits = permits;
    }

    @Override
    <T> T around(StoreCall<T> call) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to reach " + store.describe());
        }
        try {
            return call.run();
        } finally {
            permits.release();
        }
    }

    @Override
    public BlobWriter create(String key) throws IOException {
        return new LimitedWriter(around(() -> store.create(key)));
    }

    private final class LimitedWriter implements BlobWriter {
        private final BlobWriter writer;

        LimitedWriter(BlobWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            around(() -> {
                writer.write(data, offset, length);
                return null;
            });
        }

        @Override
        public long size() {
            return writer.size();
        }

        @Override
        public void commit() throws IOException {
            around(() -> {
                writer.commit();
                return null;
            });
        }

        @Override
        public void close() throws IOException {
            // not limited: abandoning must never wait, or a writer failing for want of permits could not let go
            writer.close();
        }
    }
}
