package dev.hokan.store.blob;

import dev.hokan.store.testing.InMemoryBlobStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryingBlobStoreTest {
    private static final byte[] DATA = "object".getBytes(StandardCharsets.UTF_8);

    /** Fails its next reads with the given failure, then reads from memory; counts the reads. */
    private static final class FailingReads extends ForwardingBlobStore {
        private int failuresLeft;
        private IOException failure;
        private int reads;

        FailingReads() {
            super(new InMemoryBlobStore());
        }

        void failNext(int times, IOException failure) {
            this.failuresLeft = times;
            this.failure = failure;
        }

        @Override
        public byte[] get(String key) throws IOException {
            reads++;
            if (failuresLeft > 0) {
                failuresLeft--;
                throw failure;
            }
            return super.get(key);
        }
    }

    private final FailingReads backend = new FailingReads();
    private final RetryingBlobStore store = new RetryingBlobStore(backend, 3, Duration.ofMillis(1));

    @Test
    void retryableFailuresAreRetriedUntilACallSucceeds() throws IOException {
        store.put("config", DATA);
        backend.failNext(2, new RetryableStorageException("throttled", null));
        assertArrayEquals(DATA, store.get("config"));
        assertEquals(3, backend.reads);
    }

    @Test
    void theLastRetryableFailureIsThrownAfterTheLastAttempt() throws IOException {
        store.put("config", DATA);
        RetryableStorageException throttled = new RetryableStorageException("throttled", null);
        backend.failNext(3, throttled);
        assertSame(throttled, assertThrows(RetryableStorageException.class, () -> store.get("config")));
        assertEquals(3, backend.reads);
    }

    @Test
    void otherFailuresAreNotRetried() throws IOException {
        store.put("config", DATA);
        backend.failNext(1, new IOException("disk full"));
        assertThrows(IOException.class, () -> store.get("config"));
        assertEquals(1, backend.reads);

        assertThrows(NoSuchBlobException.class, () -> store.get("missing"));
        assertEquals(2, backend.reads);
    }

    @Test
    void anInterruptedBackoffStopsRetrying() throws IOException {
        RetryingBlobStore patient = new RetryingBlobStore(backend, 3, Duration.ofMinutes(1));
        backend.put("config", DATA);
        backend.failNext(1, new RetryableStorageException("throttled", null));
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.io.InterruptedIOException.class, () -> patient.get("config"));
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, backend.reads);
    }
}
