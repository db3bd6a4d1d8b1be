package dev.hokan.store.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.ChunkId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.blob.ForwardingBlobStore;
import dev.hokan.store.blob.InMemoryBlobStore;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PackerTest {
    private final Sealer sealer = new Sealer(new byte[32]);
    private final Random random = new Random(7);

    /** A store whose object writers pass each write through {@link #onWrite()}. */
    private static class WatchedWrites extends ForwardingBlobStore {
        WatchedWrites() {
            super(new InMemoryBlobStore());
        }

        void onWrite() throws IOException {
        }

        @Override
        public BlobWriter create(String key) throws IOException {
            BlobWriter writer = super.create(key);
            return new BlobWriter() {
                @Override
                public void write(byte[] data, int offset, int length) throws IOException {
                    onWrite();
                    writer.write(data, offset, length);
                }

                @Override
                public long size() {
                    return writer.size();
                }

                @Override
                public void commit() throws IOException {
                    writer.commit();
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
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

    @Test
    void aSlowStorageWriteDoesNotHoldUpTheOtherAddingThreads() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WatchedWrites store = new WatchedWrites() {
            @Override
            void onWrite() {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Packer packer = new Packer(store, sealer, 64L << 20, entries -> { })) {
            try {
                byte[] part = randomBytes(PackWriter.PART_SIZE);
                CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return packer.add(BlobType.DATA, idOf(1), part, 0, part.length);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertTrue(writing.await(10, TimeUnit.SECONDS), "the full part is being written");
                CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
                    try {
                        return packer.add(BlobType.DATA, idOf(2), new byte[100], 0, 100);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertTrue(second.get(10, TimeUnit.SECONDS) > 0, "another thread adds while the write is stuck");
                assertFalse(first.isDone(), "whoever handed the part over waits for its write");
                release.countDown();
                first.get(10, TimeUnit.SECONDS);
                packer.flush();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void packsHoldEveryBlobAtItsIndexedPlace() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        List<IndexEntry> indexed = new CopyOnWriteArrayList<>();
        Map<ChunkId, byte[]> added = new HashMap<>();
        try (Packer packer = new Packer(store, sealer, 3L << 20, indexed::addAll)) {
            for (int n = 0; n < 40; n++) {
                byte[] data = randomBytes(50_000 + random.nextInt(300_000));
                ChunkId id = idOf(n);
                added.put(id, data);
                packer.add(n % 4 == 0 ? BlobType.TREE : BlobType.DATA, id, data, 0, data.length);
            }
            packer.flush();
        }
        assertEquals(added.keySet(), new java.util.HashSet<>(indexed.stream().map(IndexEntry::id).toList()));
        Map<dev.hokan.store.ObjectId, List<IndexEntry>> byPack = new HashMap<>();
        indexed.forEach(entry -> byPack.computeIfAbsent(entry.pack(), p -> new ArrayList<>()).add(entry));
        assertTrue(byPack.size() > 2, "several packs of each type");
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
    void aFailedWriteFailsItsPackWhichNeverAppears() throws IOException {
        WatchedWrites store = new WatchedWrites() {
            @Override
            void onWrite() throws IOException {
                throw new IOException("disk full");
            }
        };
        List<IndexEntry> indexed = new CopyOnWriteArrayList<>();
        Packer packer = new Packer(store, sealer, 64L << 20, indexed::addAll);
        byte[] part = randomBytes(PackWriter.PART_SIZE);
        assertEquals("disk full", assertThrows(IOException.class,
                () -> packer.add(BlobType.DATA, idOf(1), part, 0, part.length)).getMessage());
        packer.add(BlobType.DATA, idOf(2), new byte[100], 0, 100);
        assertThrows(IOException.class, packer::flush);
        packer.close();
        assertTrue(indexed.isEmpty());
        assertTrue(store.list("").isEmpty(), "nothing of the pack is visible");
    }
}
