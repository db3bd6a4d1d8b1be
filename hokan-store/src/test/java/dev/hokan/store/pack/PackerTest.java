package dev.hokan.store.pack;
import dev.hokan.store.BlobType;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.blob.ForwardingBlobStore;
import dev.hokan.store.testing.InMemoryBlobStore;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackerTest {
    private final Sealer sealer = new Sealer(new byte[32]);
    private final Random random = new Random(7);

    /** A store whose pack writing (create, write, commit) passes through {@link #storageCall(String)} first. */
    private static class WatchedWrites extends ForwardingBlobStore {
        WatchedWrites() {
            super(new InMemoryBlobStore());
        }

        void storageCall(String call) throws IOException {
        }

        @Override
        public BlobWriter create(String key) throws IOException {
            storageCall("create");
            BlobWriter writer = super.create(key);
            return new BlobWriter() {
                @Override
                public void write(byte[] data, int offset, int length) throws IOException {
                    storageCall("write");
                    writer.write(data, offset, length);
                }

                @Override
                public long size() {
                    return writer.size();
                }

                @Override
                public void commit() throws IOException {
                    storageCall("commit");
                    writer.commit();
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
        }
    }

    /** A store whose pack writing blocks until released. */
    private static final class HeldWrites extends WatchedWrites {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        void storageCall(String call) throws IOException {
            reached.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    private ChunkId idOf(int n) {
        return new ChunkId(n, random.nextLong(), random.nextLong(), random.nextLong());
    }

    private static CompletableFuture<Void> inThread(PackerCall call) {
        return CompletableFuture.runAsync(() -> {
            try {
                call.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));
    }

    private interface PackerCall {
        void run() throws IOException;
    }

    @Test
    void anotherWorkerAddsWhileAStorageWriteIsHeld() throws Exception {
        HeldWrites store = new HeldWrites();
        try (Packer packer = new Packer(store, sealer, 64L << 20, entries -> { })) {
            try {
                byte[] part = randomBytes(PackWriter.PART_SIZE);
                CompletableFuture<Void> first = inThread(() -> packer.add(BlobType.DATA, idOf(1), part, 0, part.length));
                assertTrue(store.reached.await(10, TimeUnit.SECONDS), "the full part is being written");
                CompletableFuture<Void> second = inThread(() -> {
                    packer.add(BlobType.DATA, idOf(2), new byte[100], 0, 100);
                    packer.add(BlobType.TREE, idOf(3), new byte[100], 0, 100);
                });
                second.get(10, TimeUnit.SECONDS);
                first.get(10, TimeUnit.SECONDS);
            } finally {
                store.released.countDown();
            }
            packer.flush();
        }
    }

    @Test
    void anAddingThreadWaitsOnceTooManyPartsAreUnwritten() throws Exception {
        HeldWrites store = new HeldWrites();
        AtomicInteger added = new AtomicInteger();
        List<IndexEntry> indexed = new CopyOnWriteArrayList<>();
        try (Packer packer = new Packer(store, sealer, 64L << 20, indexed::addAll)) {
            CompletableFuture<Void> adding;
            try {
                adding = inThread(() -> {
                    for (int n = 0; n < 3 * Packer.PARTS_IN_FLIGHT; n++) {
                        packer.addSealed(BlobType.DATA, idOf(n), randomBytes(PackWriter.PART_SIZE), PackWriter.PART_SIZE);
                        added.incrementAndGet();
                    }
                });
                assertTrue(store.reached.await(10, TimeUnit.SECONDS));
                for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                     added.get() < Packer.PARTS_IN_FLIGHT && System.nanoTime() < deadline; ) {
                    Thread.sleep(10);
                }
                Thread.sleep(300);
                assertFalse(adding.isDone(), "the adding thread waits for the held writes");
                assertEquals(Packer.PARTS_IN_FLIGHT, added.get(), "parts in memory while the store holds every write");
            } finally {
                store.released.countDown();
            }
            adding.get(10, TimeUnit.SECONDS);
            packer.flush();
        }
        assertEquals(3 * Packer.PARTS_IN_FLIGHT, indexed.size());
    }

    @Test
    void packsHoldEveryBlobAtItsIndexedPlaceOnceFlushReturns() throws IOException {
        // Slow commits: a flush that returned before every pack was durable would miss entries.
        WatchedWrites store = new WatchedWrites() {
            @Override
            void storageCall(String call) throws IOException {
                if (call.equals("commit")) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
        };
        List<IndexEntry> indexed = new CopyOnWriteArrayList<>();
        Map<ChunkId, byte[]> added = new HashMap<>();
        try (Packer packer = new Packer(store, sealer, 3L << 20, indexed::addAll)) {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int worker = 0; worker < 3; worker++) {
                Map<ChunkId, byte[]> blobs = new HashMap<>();
                for (int n = 0; n < 15; n++) {
                    // up to 2.5 parts: blobs span parts
                    byte[] data = randomBytes(1 + random.nextInt(5 * PackWriter.PART_SIZE / 2));
                    blobs.put(idOf(worker * 100 + n), data);
                }
                added.putAll(blobs);
                workers.add(inThread(() -> {
                    for (var blob : blobs.entrySet()) {
                        BlobType type = blob.getKey().hashCode() % 4 == 0 ? BlobType.TREE : BlobType.DATA;
                        packer.add(type, blob.getKey(), blob.getValue(), 0, blob.getValue().length);
                    }
                }));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
            packer.flush();
            assertEquals(added.keySet(), new HashSet<>(indexed.stream().map(IndexEntry::id).toList()));
        }
        Map<ObjectId, List<IndexEntry>> byPack = new HashMap<>();
        indexed.forEach(entry -> byPack.computeIfAbsent(entry.pack(), p -> new ArrayList<>()).add(entry));
        assertTrue(byPack.size() > 4, "several packs of each type");
        for (var pack : byPack.entrySet()) {
            long size = store.stat(PackLayout.packKey(pack.getKey())).orElseThrow().size();
            assertEquals(pack.getValue().size(), PackHeader.read(store, pack.getKey(), size, sealer).size());
            for (IndexEntry entry : pack.getValue()) {
                byte[] sealed = store.get(PackLayout.packKey(entry.pack()), entry.offset(), entry.length());
                assertArrayEquals(added.get(entry.id()), sealer.open(sealed,
                        PackLayout.blobContext(entry.type(), entry.id()), "blob"));
            }
        }
    }

    @Test
    void closingWithoutFlushAbandonsThePacksAfterTheirWrites(@TempDir Path vault) throws Exception {
        LocalBlobStore store = new LocalBlobStore(vault);
        List<IndexEntry> indexed = new CopyOnWriteArrayList<>();
        Packer packer = new Packer(store, sealer, 64L << 20, indexed::addAll);
        for (int n = 0; n < 5; n++) {
            byte[] part = randomBytes(PackWriter.PART_SIZE);
            packer.add(n % 2 == 0 ? BlobType.DATA : BlobType.TREE, idOf(n), part, 0, part.length);
        }
        packer.close();
        assertTrue(indexed.isEmpty());
        try (var files = Files.walk(vault)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing of the packs is left");
        }
        assertThrows(IOException.class, () -> packer.add(BlobType.DATA, idOf(9), new byte[10], 0, 10));
    }

    @Test
    void aFailedWriteFailsItsPackWhichNeverAppears() throws Exception {
        WatchedWrites store = new WatchedWrites() {
            @Override
            void storageCall(String call) throws IOException {
                throw new IOException("disk full");
            }
        };
        List<IndexEntry> indexed = new CopyOnWriteArrayList<>();
        try (Packer packer = new Packer(store, sealer, 64L << 20, indexed::addAll)) {
            byte[] part = randomBytes(PackWriter.PART_SIZE);
            packer.add(BlobType.DATA, idOf(1), part, 0, part.length);
            IOException failed = assertThrows(IOException.class, () -> {
                for (int n = 2; n < 1000; n++) {
                    packer.add(BlobType.DATA, idOf(n), new byte[100], 0, 100);
                    Thread.sleep(10);
                }
            });
            assertEquals("writing a pack failed: disk full", failed.getMessage());
            assertThrows(IOException.class, packer::flush);
        }
        assertTrue(indexed.isEmpty());
        assertTrue(store.list("").isEmpty(), "nothing of the pack is visible");
    }
}
