package dev.hokan.store.copy;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chunk ID of one source vault became which ID in this vault, sealed under {@code copies/<source vault>/}.
 * Each received batch adds a partial object; a committed copy merges the partial objects it knows of (its own
 * and those interrupted copies left) into one. An entry is only a hint: whether the blob is still here is
 * asked of the index every time.
 */
final class Translations {
    private static final String PARTIAL = "partial-";
    private final BlobStore store;
    private final Sealer sealer;
    private final String prefix;
    private final Map<ChunkId, ChunkId> known = new HashMap<>();
    private final Map<ChunkId, ChunkId> unmerged = new HashMap<>();
    private final List<String> partialKeys = new ArrayList<>();

    Translations(BlobStore store, Sealer sealer, String sourceVaultId) throws IOException {
        this.store = store;
        this.sealer = sealer;
        this.prefix = "copies/" + sourceVaultId + "/";
        for (var info : store.list(prefix)) {
            Map<ChunkId, ChunkId> entries;
            try {
                entries = read(info.key());
            } catch (java.io.FileNotFoundException mergedMeanwhile) {
                continue;
            }
            known.putAll(entries);
            if (info.key().startsWith(prefix + PARTIAL)) {
                unmerged.putAll(entries);
                partialKeys.add(info.key());
            }
        }
    }

    ChunkId get(ChunkId sourceId) {
        return known.get(sourceId);
    }

    /** Records the translations of one received batch durably. */
    void add(Map<ChunkId, ChunkId> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        String key = prefix + PARTIAL + ObjectId.random().hex();
        write(key, batch);
        partialKeys.add(key);
        known.putAll(batch);
        unmerged.putAll(batch);
    }

    /** Replaces the partial objects by one; a crash between the steps leaves duplicate entries, which are harmless. */
    void merge() throws IOException {
        if (partialKeys.isEmpty()) {
            return;
        }
        write(prefix + ObjectId.random().hex(), unmerged);
        for (String key : partialKeys) {
            store.delete(key);
        }
        partialKeys.clear();
        unmerged.clear();
    }

    private static byte[] context(String key) {
        return ("copies:" + key).getBytes(StandardCharsets.US_ASCII);
    }

    private Map<ChunkId, ChunkId> read(String key) throws IOException {
        String what = "copy translation " + key;
        Decoder in = new Decoder(sealer.open(store.get(key), context(key), what), what);
        Map<ChunkId, ChunkId> entries = new HashMap<>();
        while (in.hasMore()) {
            entries.put(in.chunkId(), in.chunkId());
        }
        return entries;
    }

    private void write(String key, Map<ChunkId, ChunkId> entries) throws IOException {
        Encoder out = new Encoder(entries.size() * 2 * ChunkId.BYTES);
        entries.forEach((from, to) -> out.chunkId(from).chunkId(to));
        store.put(key, sealer.seal(out.toBytes(), context(key)));
    }
}
