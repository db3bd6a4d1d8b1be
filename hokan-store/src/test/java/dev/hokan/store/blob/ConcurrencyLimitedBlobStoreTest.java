package dev.hokan.store.blob;

import dev.hokan.store.testing.InMemoryBlobStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitedBlobStoreTest {
    private static final byte[] DATA = "object".getBytes(StandardCharsets.UTF_8);

    /** Holds every read until released, and records how many were inside at once. */
    private static final class HeldReads extends ForwardingBlobStore {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        final Semaphore entered = new Semaphore(0);

        HeldReads() {
            super(new InMemoryBlobStore());
        }

        @Override
        public byte[] get(String key) throws IOException {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.release();
            try {
                release.await();
                return super.get(key);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void noMoreCallsReachTheStoreAtOnceThanThereArePermits() throws Exception {
        HeldReads backend = new HeldReads();
        backend.put("config", DATA);
        BlobStore store = new ConcurrencyLimitedBlobStore(backend, new Semaphore(2));
        try (ExecutorService callers = Executors.newFixedThreadPool(6)) {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reads.add(callers.submit(() -> store.get("config")));
            }
            assertTrue(backend.entered.tryAcquire(2, 10, TimeUnit.SECONDS));
            assertTrue(!backend.entered.tryAcquire(200, TimeUnit.MILLISECONDS), "a third call got in");
            backend.release.countDown();
            for (Future<byte[]> read : reads) {
                assertArrayEquals(DATA, read.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(2, backend.mostInside.get());
    }

    @Test
    void aWriterHoldsNoPermitBetweenItsCalls() throws IOException {
        Semaphore permits = new Semaphore(1);
        BlobStore store = new ConcurrencyLimitedBlobStore(new InMemoryBlobStore(), permits);
        try (BlobWriter writer = store.create("data/pack")) {
            writer.write(DATA);
            store.put("config", DATA);
            assertEquals(1, permits.availablePermits());
            writer.commit();
        }
        assertArrayEquals(DATA, store.get("data/pack"));
        assertEquals(1, permits.availablePermits());
    }
}
