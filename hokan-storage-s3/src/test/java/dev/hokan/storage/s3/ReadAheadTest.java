package dev.hokan.storage.s3;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.hokan.store.blob.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading a pack's blobs one after another costs one GET per read-ahead window, not one per blob; a write through the
 * store makes it read again. The service is a loopback HTTP server holding one object and recording the ranges asked.
 */
class ReadAheadTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private final byte[] pack = new byte[2 * ReadAhead.WINDOW + 1000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private BlobStore store;

    @BeforeEach
    void start() throws IOException {
        new SplittableRandom(5).nextBytes(pack);
        http = LoopbackHttp.start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (exchange.getRequestMethod().equals("PUT")) {
                exchange.sendResponseHeaders(200, -1);
            } else if (range == null) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                ranges.add(range);
                pause();
                Matcher m = RANGE.matcher(range);
                m.matches();
                int from = Integer.parseInt(m.group(1));
                int to = Math.min(pack.length - 1, Integer.parseInt(m.group(2)));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + pack.length);
                exchange.sendResponseHeaders(206, to - from + 1);
                exchange.getResponseBody().write(pack, from, to - from + 1);
            }
            exchange.close();
        });
        store = LoopbackHttp.store(http);
    }

    private volatile long pauseMillis;

    private void pause() {
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void blobsReadInOrderCostOneRequestPerWindow() throws IOException {
        int blob = 16 * 1024;
        for (int offset = 0; offset + blob <= pack.length; offset += blob) {
            assertArrayEquals(Arrays.copyOfRange(pack, offset, offset + blob), store.get("data/ab/pack", offset, blob));
        }
        byte[] tail = store.get("data/ab/pack", pack.length - 1500, 1500);
        assertArrayEquals(Arrays.copyOfRange(pack, pack.length - 1500, pack.length), tail, "across the last window");
        assertEquals(List.of("bytes=0-" + (ReadAhead.WINDOW - 1), "bytes=" + ReadAhead.WINDOW + "-"
                + (2 * ReadAhead.WINDOW - 1), "bytes=" + 2 * ReadAhead.WINDOW + "-" + (3 * ReadAhead.WINDOW - 1)), ranges);

        store.put("data/ab/pack", new byte[1]);
        store.get("data/ab/pack", 0, 10);
        assertEquals(4, ranges.size(), "what this process wrote is read again");
    }

    @Test
    void aReaderGoingInOrderHasTheNextWindowFetchedAheadAndNothingPastTheEnd() throws Exception {
        store.get("data/ab/pack", 0, 100);
        store.get("data/ab/pack", ReadAhead.WINDOW, 100);
        String last = "bytes=" + 2 * ReadAhead.WINDOW + "-" + (3 * ReadAhead.WINDOW - 1);
        for (int i = 0; i < 500 && !ranges.contains(last); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of("bytes=0-" + (ReadAhead.WINDOW - 1), "bytes=" + ReadAhead.WINDOW + "-"
                + (2 * ReadAhead.WINDOW - 1), last), ranges, "the last window is fetched before it is read");
        assertArrayEquals(Arrays.copyOfRange(pack, pack.length - 1000, pack.length),
                store.get("data/ab/pack", pack.length - 1000, 1000));
        Thread.sleep(100);
        assertEquals(3, ranges.size(), "no fetch past the object's end, nor of a window fetched ahead");
    }

    @Test
    void readersOfAWindowBeingFetchedShareItsFetch() throws Exception {
        pauseMillis = 300;
        List<Future<byte[]>> reads = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                int offset = i * 1000;
                reads.add(readers.submit(() -> store.get("data/ab/pack", offset, 1000)));
            }
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(Arrays.copyOfRange(pack, i * 1000, i * 1000 + 1000), reads.get(i).get());
            }
        }
        assertEquals(List.of("bytes=0-" + (ReadAhead.WINDOW - 1)), ranges);
    }
}
