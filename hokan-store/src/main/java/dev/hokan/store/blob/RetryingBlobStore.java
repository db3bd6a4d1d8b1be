package dev.hokan.store.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Makes each call again when it fails with a {@link RetryableStorageException}, up to a number of attempts, waiting
 * twice as long before each new attempt. Other failures pass at once. The pieces of an object being written are not
 * retried one by one: a failed piece fails the writer, and whoever writes the object starts it again.
 */
public final class RetryingBlobStore extends DecoratedBlobStore {
    private final int attempts;
    private final Duration firstBackoff;

    public RetryingBlobStore(BlobStore store, int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        super(store);
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    @Override
    <T> T around(StoreCall<T> call) throws IOException {
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
}
