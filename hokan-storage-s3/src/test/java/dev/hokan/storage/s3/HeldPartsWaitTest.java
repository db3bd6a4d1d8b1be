package dev.hokan.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer past the bound on held parts while a PUT is under way: it waits for that PUT's parts rather than send its
 * object as a multipart upload, which costs more requests, and a copy of the whole object in stores such as s3proxy's.
 * The service here holds the first PUT until the test lets it end, which no real server can be made to do.
 */
class HeldPartsWaitTest {
    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer http;
    private BlobStore store;
    private final CountDownLatch firstPutArrived = new CountDownLatch(1);
    private final CountDownLatch firstPutMayEnd = new CountDownLatch(1);
    private final AtomicInteger multipartUploads = new AtomicInteger();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        http = LoopbackHttp.start(exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getQuery();
            if (exchange.getRequestMethod().equals("POST") && query != null && query.startsWith("uploads")) {
                multipartUploads.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
            } else if (exchange.getRequestMethod().equals("PUT")) {
                if (objects.isEmpty() && firstPutArrived.getCount() > 0) {
                    firstPutArrived.countDown();
                    try {
                        firstPutMayEnd.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                objects.put(exchange.getRequestURI().getPath(), body);
                exchange.getResponseHeaders().add("ETag", "\"0\"");
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        }, answering);
        store = LoopbackHttp.store(http);
    }

    @AfterEach
    void stop() {
        firstPutMayEnd.countDown();
        http.stop(0);
        answering.close();
    }

    @Test
    void aWriterPastTheBoundWaitsForAPutUnderWay() throws Exception {
        byte[] data = new byte[4 * S3BlobWriter.PART_SIZE + 1];
        new Random(11).nextBytes(data);
        int atTheBound = S3BlobWriter.HELD_PARTS_BOUND / 4;
        List<BlobWriter> writers = new ArrayList<>();
        try {
            for (int i = 0; i < atTheBound; i++) {
                BlobWriter writer = store.create("data/ff/pack-" + i);
                writers.add(writer);
                writer.write(data, 0, data.length);
            }
            BlobWriter first = writers.getFirst();
            Thread putting = Thread.ofVirtual().start(() -> {
                try (first) {
                    first.commit();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(firstPutArrived.await(30, TimeUnit.SECONDS), "the first PUT reached the service");
            BlobWriter pastTheBound = store.create("data/ff/pack-" + atTheBound);
            writers.add(pastTheBound);
            Thread writing = Thread.ofPlatform().start(() -> {
                try {
                    pastTheBound.write(data, 0, data.length);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (writing.getState() != Thread.State.TIMED_WAITING && writing.isAlive() && multipartUploads.get() == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, multipartUploads.get(), "no multipart upload started while a PUT was under way");
            assertTrue(writing.isAlive(), "the writer past the bound waits");

            firstPutMayEnd.countDown();
            putting.join();
            writing.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(writing.isAlive(), "the writer went on once the PUT had ended");
            for (BlobWriter writer : writers.subList(1, writers.size())) {
                writer.commit();
            }
        } finally {
            firstPutMayEnd.countDown();
            for (BlobWriter writer : writers) {
                writer.close();
            }
        }
        assertEquals(0, multipartUploads.get());
        for (int i = 0; i <= atTheBound; i++) {
            assertArrayEquals(data, objects.get("/bucket/vault/data/ff/pack-" + i), "pack " + i + " went up whole");
        }
    }
}
