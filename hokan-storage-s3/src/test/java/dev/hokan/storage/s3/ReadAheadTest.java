package dev.hokan.storage.s3;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hokan.store.blob.BlobRange;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.ReadPlan;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading a pack's blobs one after another costs one GET per read-ahead window, not one per blob; a write through the
 * store makes it read again; a reader's announced plan has its next windows fetched before it reads them. The service is a loopback HTTP server holding one object and recording the ranges asked.
 */
class ReadAheadTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private final byte[] pack = new byte[2 * ReadAhead.WINDOW + 1000];
    /**
     * The largest pack a backup writes, served under a key ending in {@code full}: VaultConfig's default size, 32 MiB,
     * and the largest chunk (ChunkerParams' default, 2 MiB), which closes it.
     */
    private final byte[] fullPack = new byte[34 * 1024 * 1024];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** The ranges asked, each after the object's name. */
    private final List<String> fetched = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private BlobStore store;

    @BeforeEach
    void start() throws IOException {
        new SplittableRandom(5).nextBytes(pack);
        http = LoopbackHttp.start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            String range = exchange.getRequestHeaders().getFirst("Range");
            byte[] object = exchange.getRequestURI().getPath().endsWith("full") ? fullPack : pack;
            if (exchange.getRequestMethod().equals("PUT")) {
                exchange.sendResponseHeaders(200, -1);
            } else if (range == null) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                ranges.add(range);
                String path = exchange.getRequestURI().getPath();
                fetched.add(path.substring(path.lastIndexOf('/') + 1) + " " + range);
                pause();
                Matcher m = RANGE.matcher(range);
                m.matches();
                int from = Integer.parseInt(m.group(1));
                int to = Math.min(object.length - 1, Integer.parseInt(m.group(2)));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + object.length);
                exchange.sendResponseHeaders(206, to - from + 1);
                exchange.getResponseBody().write(object, from, to - from + 1);
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

    private static String window(int index) {
        return "bytes=" + index * ReadAhead.WINDOW + "-" + ((index + 1) * ReadAhead.WINDOW - 1);
    }

    private void awaitRanges(int count) throws InterruptedException {
        for (int i = 0; i < 500 && ranges.size() < count; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
    }

    @Test
    void blobsReadInOrderCostOneRequestPerWindow() throws Exception {
        int blob = 16 * 1024;
        for (int offset = 0; offset + blob <= pack.length; offset += blob) {
            assertArrayEquals(Arrays.copyOfRange(pack, offset, offset + blob), store.get("data/ab/pack", offset, blob));
        }
        byte[] tail = store.get("data/ab/pack", pack.length - 1500, 1500);
        assertArrayEquals(Arrays.copyOfRange(pack, pack.length - 1500, pack.length), tail, "across the last window");
        assertEquals(Set.of(window(0), window(1), window(2)), Set.copyOf(ranges));
        assertEquals(3, ranges.size());

        store.put("data/ab/pack", new byte[1]);
        store.get("data/ab/pack", 0, 10);
        awaitRanges(6);
        assertEquals(window(0), ranges.get(3), "what this process wrote is read again");
    }

    @Test
    void aReaderAtTheStartHasTheNextWindowsFetchedAheadAndNothingPastTheEnd() throws Exception {
        store.get("data/ab/pack", 0, 100);
        awaitRanges(3);
        assertEquals(window(0), ranges.getFirst());
        assertEquals(Set.of(window(0), window(1), window(2)), Set.copyOf(ranges), "the object has three windows");
        assertArrayEquals(Arrays.copyOfRange(pack, pack.length - 1000, pack.length),
                store.get("data/ab/pack", pack.length - 1000, 1000));
        assertArrayEquals(Arrays.copyOfRange(pack, ReadAhead.WINDOW, ReadAhead.WINDOW + 1000),
                store.get("data/ab/pack", ReadAhead.WINDOW, 1000));
        assertEquals(3, ranges.size(), "the windows fetched ahead are the ones read");
    }

    @Test
    void aReaderAtTheStartOfAFullPackHasAllOfItFetchedAheadInLargeRanges() throws Exception {
        new SplittableRandom(6).nextBytes(fullPack);
        int windows = (fullPack.length + ReadAhead.WINDOW - 1) / ReadAhead.WINDOW;
        assertArrayEquals(Arrays.copyOfRange(fullPack, 0, 100), store.get("data/ab/full", 0, 100));
        awaitRanges(windows);
        Set<String> whole = new HashSet<>();
        for (int i = 0; i < windows; i++) {
            whole.add(window(i));
        }
        assertEquals(whole, Set.copyOf(ranges), "the whole pack, at most " + windows + " GETs");
        assertEquals(windows, ranges.size());
        assertTrue(windows <= 4, "a pack in at most four GETs: " + windows);
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
        assertEquals(1, ranges.stream().filter(window(0)::equals).count(), ranges.toString());
    }

    @Test
    void aPlanHasTheNextObjectsFetchedBeforeTheirFirstRead() throws Exception {
        int blob = 1024 * 1024;
        List<BlobRange> plan = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String name : List.of("one", "two", "three")) {
            for (int offset = 0; offset + blob <= pack.length; offset += blob) {
                plan.add(new BlobRange("data/ab/" + name, offset, blob));
            }
            plan.add(new BlobRange("data/ab/" + name, pack.length - 1000, 1000));
            for (int i = 0; i < 3; i++) {
                all.add(name + " " + window(i));
            }
        }
        try (ReadPlan announced = store.plan(plan)) {
            awaitRanges(ReadAhead.PLANNED_AHEAD);
            assertEquals(all.subList(0, ReadAhead.PLANNED_AHEAD), fetched.stream().sorted(Comparator.comparingInt(
                    all::indexOf)).toList(), "the plan's first windows, across objects, before any read");
            for (BlobRange read : plan) {
                assertArrayEquals(Arrays.copyOfRange(pack, (int) read.offset(), (int) read.offset() + read.length()),
                        store.get(read.key(), read.offset(), read.length()));
            }
        }
        assertEquals(Set.copyOf(all), Set.copyOf(fetched));
        assertEquals(all.size(), fetched.size(), "each window once: " + fetched);
    }

    @Test
    void aPlanFetchesOnlyTheWindowsItReads() throws Exception {
        List<BlobRange> plan = List.of(new BlobRange("data/ab/one", ReadAhead.WINDOW + 10, 100),
                new BlobRange("data/ab/two", 2 * ReadAhead.WINDOW, 1000));
        try (ReadPlan announced = store.plan(plan)) {
            for (BlobRange read : plan) {
                assertArrayEquals(Arrays.copyOfRange(pack, (int) read.offset(), (int) read.offset() + read.length()),
                        store.get(read.key(), read.offset(), read.length()));
            }
            awaitRanges(3);
        }
        assertEquals(Set.of("one " + window(1), "two " + window(2)), Set.copyOf(fetched));
        assertEquals(2, fetched.size(), fetched.toString());
    }

    @Test
    void aWindowReadAgainLongAfterIsFetchedAgainOnceWithTheWindowsAfterIt() throws Exception {
        List<BlobRange> plan = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            plan.add(new BlobRange("data/ab/p" + i, 0, 1000));
        }
        plan.add(new BlobRange("data/ab/p0", 1000, 1000));
        for (int i = 16; i < 20; i++) {
            plan.add(new BlobRange("data/ab/p" + i, 0, 1000));
        }
        try (ReadPlan announced = store.plan(plan)) {
            for (BlobRange read : plan) {
                assertArrayEquals(Arrays.copyOfRange(pack, (int) read.offset(), (int) read.offset() + read.length()),
                        store.get(read.key(), read.offset(), read.length()));
            }
        }
        assertEquals(2, fetched.stream().filter(("p0 " + window(0))::equals).count(), fetched.toString());
        assertEquals(plan.size(), fetched.size(), "each window as often as the plan reads it again: " + fetched);
    }

    @Test
    void windowsAndTheirBuffersAreLetGoOfSoonAfterTheirTime() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Duration kept = Duration.ofMillis(200);
        ReadAhead readAhead = new ReadAhead(clock, kept);
        List<byte[]> buffers = new CopyOnWriteArrayList<>();
        ReadAhead.Fetch fetch = (offset, into) -> {
            buffers.add(into);
            return new ReadAhead.Range(into, 10, 10);
        };
        byte[] into = new byte[10];
        readAhead.read("bucket", "pack", 0, 10, into, fetch);
        now.set(now.get().plus(kept.multipliedBy(2)));
        readAhead.read("bucket", "pack", 0, 10, into, fetch);
        assertTrue(buffers.get(0) == buffers.get(1), "while windows are read, one past its time gives its buffer on");

        Thread.sleep(5 * kept.toMillis());
        readAhead.read("bucket", "pack", 0, 10, into, fetch);
        assertEquals(2, buffers.size(), "a window in its time is kept");

        now.set(now.get().plus(kept.multipliedBy(2)));
        Thread.sleep(5 * kept.toMillis());
        readAhead.read("bucket", "pack", 0, 10, into, fetch);
        assertEquals(3, buffers.size());
        assertTrue(buffers.get(1) != buffers.get(2), "once the window was past its time for a while, no buffer is kept");
    }
}
