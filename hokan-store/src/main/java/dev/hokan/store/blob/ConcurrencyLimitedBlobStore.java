package dev.hokan.store.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Lets at most as many calls reach the store at once as the semaphore has permits; the others wait for one. Stores
 * opened on one backend share its semaphore. A permit is held for one call, never across the life of a writer, so
 * an object being written does not keep others out between its pieces.
 */
public final class ConcurrencyLimitedBlobStore implements BlobStore {
    private final BlobStore store;
    private final Semaphore permits;

    public ConcurrencyLimitedBlobStore(BlobStore store, Semaphore permits) {
        this.store = store;
        this.permits = permits;
    }

    private <T> T limited(StoreCall<T> call) throws IOException {
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
    public void put(String key, byte[] data) throws IOException {
        limited(() -> {
            store.put(key, data);
            return null;
        });
    }

    @Override
    public BlobWriter create(String key) throws IOException {
        return new LimitedWriter(limited(() -> store.create(key)));
    }

    private final class LimitedWriter implements BlobWriter {
        private final BlobWriter writer;

        LimitedWriter(BlobWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            limited(() -> {
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
            limited(() -> {
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

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return limited(() -> store.putIfAbsent(key, data));
    }

    @Override
    public byte[] get(String key) throws IOException {
        return limited(() -> store.get(key));
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return limited(() -> store.get(key, offset, length));
    }

    @Override
    public void read(String key, long offset, int length, byte[] into) throws IOException {
        limited(() -> {
            store.read(key, offset, length, into);
            return null;
        });
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return limited(() -> store.list(prefix));
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        return limited(() -> store.children(prefix));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return limited(() -> store.delete(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        limited(() -> {
            store.deleteAll(prefix);
            return null;
        });
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        return limited(() -> store.stat(key));
    }

    @Override
    public int removeAbandonedWrites() throws IOException {
        return limited(store::removeAbandonedWrites);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
