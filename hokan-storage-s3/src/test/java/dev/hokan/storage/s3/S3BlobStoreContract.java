package dev.hokan.storage.s3;

import dev.hokan.storage.s3.testing.S3Server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.testing.BlobStoreContract;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.blob.NoSuchBlobException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The backend contract on one S3 implementation, each test under a fresh prefix of one bucket, and what S3 adds:
 * multipart uploads, their cleanup, conditional creation, listings longer than a page.
 */
abstract class S3BlobStoreContract extends BlobStoreContract {
    static final String BUCKET = "vaults";
    String prefix;

    /** The running server; its bucket {@value #BUCKET} exists. */
    abstract S3Server server();

    /** Whether this implementation refuses a second {@code If-None-Match: *} PUT. */
    abstract boolean honoursConditionalWrites();

    /** Whether this implementation lists when each multipart upload started (moto gives one fixed date for all). */
    abstract boolean listsWhenUploadsStarted();

    @Override
    protected BlobStore newStore() throws IOException {
        prefix = "t-" + UUID.randomUUID() + "/";
        return open(Clock.systemUTC());
    }

    private BlobStore open(Clock clock) throws IOException {
        return new S3StorageProvider(server().settings(), clock).open(URI.create("s3://" + BUCKET + "/" + prefix));
    }

    private List<MultipartUpload> uploads() {
        try (S3Client s3 = server().client()) {
            return s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix(prefix)).uploads();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    @Test
    void anObjectUpToTheSinglePutLimitGoesUpInOneRequestAtCommit() throws IOException {
        byte[] data = random(S3BlobWriter.SINGLE_PUT_LIMIT, 6);
        try (BlobWriter writer = store.create("data/aa/pack")) {
            for (int at = 0; at < data.length; at += 1_000_003) {
                writer.write(data, at, Math.min(1_000_003, data.length - at));
            }
            assertEquals(List.of(), uploads(), "no multipart upload");
            assertTrue(store.stat("data/aa/pack").isEmpty());
            writer.commit();
        }
        assertArrayEquals(data, store.get("data/aa/pack"));
        byte[] range = store.get("data/aa/pack", 3 * S3BlobWriter.PART_SIZE - 10, 20);
        assertArrayEquals(Arrays.copyOfRange(data, 3 * S3BlobWriter.PART_SIZE - 10, 3 * S3BlobWriter.PART_SIZE + 10),
                range, "a range across two of the writer's buffers");
    }

    @Test
    void aLargeObjectGoesUpInPartsAndAppearsOnlyWhenComplete() throws IOException {
        byte[] data = random(S3BlobWriter.SINGLE_PUT_LIMIT + S3BlobWriter.PART_SIZE + 12_345, 7);
        try (BlobWriter writer = store.create("data/aa/large")) {
            for (int at = 0; at < data.length; at += 1_000_003) {
                writer.write(data, at, Math.min(1_000_003, data.length - at));
            }
            assertEquals(1, uploads().size(), "a multipart upload is under way");
            assertTrue(store.stat("data/aa/large").isEmpty());
            assertEquals(Set.of(), keys("data/"));
            writer.commit();
        }
        assertArrayEquals(data, store.get("data/aa/large"));
        assertEquals(data.length, store.stat("data/aa/large").orElseThrow().size());
        assertEquals(List.of(), uploads(), "a completed upload is gone");
        byte[] range = store.get("data/aa/large", S3BlobWriter.PART_SIZE - 10, 20);
        assertArrayEquals(Arrays.copyOfRange(data, S3BlobWriter.PART_SIZE - 10, S3BlobWriter.PART_SIZE + 10),
                range, "a range across two parts");
    }

    /**
     * Packs finished faster than the service takes them must not each keep their parts until their PUT: past the
     * bound on held parts, a writer sends its object in parts as it fills, and every object still arrives whole.
     */
    @Test
    void partsHeldForSinglePutsAreBoundedAcrossWriters() throws IOException {
        byte[] data = random(4 * S3BlobWriter.PART_SIZE + 1, 9);
        int withinTheBound = S3BlobWriter.HELD_PARTS_BOUND / 4;
        List<BlobWriter> writers = new ArrayList<>();
        try {
            for (int i = 0; i <= withinTheBound; i++) {
                BlobWriter writer = store.create("data/dd/pack-" + i);
                writers.add(writer);
                writer.write(data, 0, data.length);
            }
            assertEquals(List.of(prefix + "data/dd/pack-" + withinTheBound),
                    uploads().stream().map(MultipartUpload::key).toList(), "only the writer past the bound sends parts");
            for (BlobWriter writer : writers) {
                writer.commit();
            }
        } finally {
            for (BlobWriter writer : writers) {
                writer.close();
            }
        }
        for (int i = 0; i <= withinTheBound; i++) {
            assertTrue(Arrays.equals(data, store.get("data/dd/pack-" + i)), "pack " + i + " is whole");
        }
        assertEquals(List.of(), uploads());
    }

    /**
     * The part buffers of the writers at the bound are all kept for the next writers. A pool of one single PUT's parts
     * made a backup allocate most of its parts anew, and its heap grew with them.
     */
    @Test
    void thePartBuffersOfWritersAtTheBoundAreKeptForTheNext() throws IOException {
        int partsPerPut = S3BlobWriter.SINGLE_PUT_LIMIT / S3BlobWriter.PART_SIZE;
        byte[] data = random(S3BlobWriter.SINGLE_PUT_LIMIT - 1, 10);
        int atTheBound = S3BlobWriter.HELD_PARTS_BOUND / (partsPerPut - 1);
        List<BlobWriter> writers = new ArrayList<>();
        try {
            for (int i = 0; i < atTheBound; i++) {
                BlobWriter writer = store.create("data/ee/pack-" + i);
                writers.add(writer);
                writer.write(data, 0, data.length);
            }
            assertEquals(List.of(), uploads(), "every writer within the bound holds its parts for one PUT");
            for (BlobWriter writer : writers) {
                writer.commit();
            }
        } finally {
            for (BlobWriter writer : writers) {
                writer.close();
            }
        }
        assertTrue(S3BlobWriter.spareParts() >= atTheBound * partsPerPut,
                S3BlobWriter.spareParts() + " part buffers kept of the " + atTheBound * partsPerPut + " used");
    }

    @Test
    void aLargeWriterClosedUncommittedAbortsItsUpload() throws IOException {
        try (BlobWriter writer = store.create("data/bb/abandoned")) {
            writer.write(random(S3BlobWriter.SINGLE_PUT_LIMIT + 1, 8));
            assertEquals(1, uploads().size());
        }
        assertEquals(List.of(), uploads());
        assertThrows(NoSuchBlobException.class, () -> store.get("data/bb/abandoned"));
    }

    @Test
    void removeAbandonedWritesAbortsOnlyUploadsOlderThanADay() throws IOException {
        try (S3Client s3 = server().client()) {
            s3.createMultipartUpload(r -> r.bucket(BUCKET).key(prefix + "data/cc/dead-writer"));
            s3.createMultipartUpload(r -> r.bucket(BUCKET).key("elsewhere/" + prefix + "other-store"));
        }
        if (listsWhenUploadsStarted()) {
            assertEquals(0, store.removeAbandonedWrites(), "an upload started now may be a live writer's");
            assertEquals(1, uploads().size());
        }

        Clock dayLater = Clock.offset(Clock.systemUTC(), S3BlobStore.ABANDONED_AFTER.plus(Duration.ofMinutes(1)));
        assertEquals(1, open(dayLater).removeAbandonedWrites());
        assertEquals(List.of(), uploads());
        try (S3Client s3 = server().client()) {
            assertEquals(1, s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("elsewhere/" + prefix)).uploads()
                    .size(), "uploads outside the store's prefix are not its own");
        }
    }

    @Test
    void deleteAllAbortsTheUploadsUnderThePrefix() throws IOException {
        BlobWriter pending = store.create("web/data/dd/pending");
        pending.write(random(S3BlobWriter.SINGLE_PUT_LIMIT + 1, 9));
        store.put("web/config", bytes("1"));
        store.deleteAll("web/");
        assertEquals(List.of(), uploads());
        assertEquals(Set.of(), keys(""));
    }

    @Test
    void conditionalCreationIsExclusiveUnderContention() throws Exception {
        assertEquals(honoursConditionalWrites(), ((S3BlobStore) store).refusesSecondConditionalPut());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Boolean>> racers = IntStream.range(0, 8).<Callable<Boolean>>mapToObj(i ->
                    () -> store.putIfAbsent("locks/gc", bytes("holder " + i))).toList();
            long winners = 0;
            for (Future<Boolean> raced : threads.invokeAll(racers)) {
                winners += raced.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        }
        assertEquals(Set.of("locks/gc"), keys("locks/"), "the probe leaves nothing behind");
    }

    @Test
    void listingsLongerThanOnePageAreWhole() throws Exception {
        int count = 1_005;
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = "many/" + String.format("%04d", i);
                puts.add(threads.submit(() -> {
                    store.put(key, bytes(key));
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
        Set<String> expected = IntStream.range(0, count).mapToObj(i -> String.format("%04d", i))
                .collect(Collectors.toSet());
        assertEquals(expected, keys("many/").stream().map(k -> k.substring(5)).collect(Collectors.toSet()));
        assertEquals(expected, Set.copyOf(store.children("many/")));
        store.deleteAll("many/");
        assertEquals(Set.of(), keys(""));
    }
}
