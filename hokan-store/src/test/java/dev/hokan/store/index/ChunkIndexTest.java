package dev.hokan.store.index;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.testing.InMemoryBlobStore;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkIndexTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path cache;

    private final InMemoryBlobStore store = new InMemoryBlobStore();
    private final Sealer sealer = new Sealer(randomBytes(32));

    @Test
    void aRefreshInterruptedWhileStartingOverLeavesTheIndexUsable() throws IOException {
        List<IndexEntry> first = entries(10);
        ObjectId firstIndex = IndexFile.write(store, sealer, first);
        try (ChunkIndex index = ChunkIndex.open(store, sealer, cache.resolve("index"))) {
            assertTrue(index.hasUsable(first.get(0).id()));
            // garbage collection rewrote the index object: the next refresh starts over
            store.delete(PackLayout.indexKey(firstIndex));
            List<IndexEntry> rewritten = first.subList(0, 5);
            IndexFile.write(store, sealer, rewritten);

            Thread.currentThread().interrupt();
            try {
                assertThrows(IOException.class, index::refresh, "file channels refuse an interrupted thread");
            } finally {
                Thread.interrupted();
            }

            assertTrue(index.hasUsable(first.get(0).id()), "the index in use before the failed refresh");
            index.refresh();
            assertTrue(index.hasUsable(rewritten.get(0).id()));
            assertFalse(index.hasUsable(first.get(9).id()));
        }
    }

    @Test
    void theTableGrowsPastItsFirstCapacityAndKeepsEveryEntry() throws IOException {
        try (ChunkIndex index = ChunkIndex.open(store, sealer, cache.resolve("index"))) {
            List<IndexEntry> many = entries(60_000);
            index.indexWritten(IndexFile.write(store, sealer, many), many);
            for (IndexEntry entry : many) {
                assertTrue(index.hasUsable(entry.id()));
            }
        }
    }

    private static List<IndexEntry> entries(int count) {
        ObjectId pack = ObjectId.random();
        List<IndexEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ChunkId id = new ChunkId(RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong());
            entries.add(new IndexEntry(id, BlobType.DATA, pack, i * 100, 100, 200));
        }
        return entries;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
