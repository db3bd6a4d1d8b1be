package dev.hokan.store.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Makes each call again when it fails with a {@link RetryableStorageException}, up to a number of attempts, waiting
 * twice as long before each new attempt. Other failures pass at once. The pieces of an object being written are not
 * retried one by one: a failed piece fails the writer, and whoever writes the object starts it again.
 */
public final class RetryingBlobStore implements BlobStore {
    private final BlobStore store;
    private final int attempts;
    private final Duration firstBackoff;

    public RetryingBlobStore(BlobStore store, int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        this.store = store;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    private <T> T retrying(StoreCall<T> call) throws IOException {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (RetryableStorageException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                pause(backoff, e);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static void pause(Duration backoff, IOException failure) throws InterruptedIOException {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting to retry");
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        retrying(() -> {
            store.put(key, data);
            return null;
        });
    }

    @Override
    public BlobWriter create(String key) throws IOException {
        return retrying(() -> store.create(key));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return retrying(() -> store.putIfAbsent(key, data));
    }

    @Override
    public byte[] get(String key) throws IOException {
        return retrying(() -> store.get(key));
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        return retrying(() -> store.get(key, offset, length));
    }

    @Override
    public void read(String key, long offset, int length, byte[] into) throws IOException {
        retrying(() -> {
            store.read(key, offset, length, into);
            return null;
        });
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return retrying(() -> store.list(prefix));
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        return retrying(() -> store.children(prefix));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return retrying(() -> store.delete(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        retrying(() -> {
            store.deleteAll(prefix);
            return null;
        });
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        return retrying(() -> store.stat(key));
    }

    @Override
    public int removeAbandonedWrites() throws IOException {
        return retrying(store::removeAbandonedWrites);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
