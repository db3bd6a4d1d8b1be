package dev.hokan.store.blob;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store that passes every call to another one through {@link #around}: what a decorator adds, it adds there. */
abstract class DecoratedBlobStore implements BlobStore {
    final BlobStore store;

    DecoratedBlobStore(BlobStore store) {
        this.store = store;
    }

    /** Makes the call to the decorated store. */
    abstract <T> T around(StoreCall<T> call) throws IOException;

    @Override
    public void put(String key, byte[] data) throws IOException {
        around(() -> {
            store.put(key, data);
            return null;
        });
    }

    @Override
    public BlobWriter create(String key) throws IOException {
        return around(() -> store.create(key));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return around(() -> store.putIfAbsent(key, data));
    }

    @Override
    public byte[] get(String key) throws IOException {
        return around(() -> store.get(key));
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return around(() -> store.get(key, offset, length));
    }

    @Override
    public void read(String key, long offset, int length, byte[] into) throws IOException {
        around(() -> {
            store.read(key, offset, length, into);
            return null;
        });
    }

    /** Passed on as it is: announcing calls no storage; the reads themselves go through {@link #around}. */
    @Override
    public ReadPlan plan(List<BlobRange> reads) {
        return store.plan(reads);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return around(() -> store.list(prefix));
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        return around(() -> store.children(prefix));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return around(() -> store.delete(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        around(() -> {
            store.deleteAll(prefix);
            return null;
        });
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        return around(() -> store.stat(key));
    }

    @Override
    public int removeAbandonedWrites() throws IOException {
        return around(store::removeAbandonedWrites);
    }

    /** The store's object lock, each of its calls made through {@link #around} too. */
    @Override
    public Optional<ObjectLock> objectLock() throws IOException {
        return around(store::objectLock).map(DecoratedLock::new);
    }

    private final class DecoratedLock implements ObjectLock {
        private final ObjectLock lock;

        DecoratedLock(ObjectLock lock) {
            this.lock = lock;
        }

        @Override
        public Optional<Protection> protection(String key) throws IOException {
            return around(() -> lock.protection(key));
        }

        @Override
        public void retainUntil(String key, Instant until) throws IOException {
            around(() -> {
                lock.retainUntil(key, until);
                return null;
            });
        }

        @Override
        public void legalHold(String key, boolean on) throws IOException {
            around(() -> {
                lock.legalHold(key, on);
                return null;
            });
        }

        @Override
        public int removeReleased() throws IOException {
            return around(lock::removeReleased);
        }
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
