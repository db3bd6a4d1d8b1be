package dev.hokan.store.index;

import dev.hokan.store.BlobType;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One sealed index object: the blobs of some packs, grouped by pack. */
public final class IndexFile {
    private IndexFile() {
    }

    public static ObjectId write(BlobStore store, Sealer sealer, List<IndexEntry> entries) throws IOException {
        Map<ObjectId, List<IndexEntry>> byPack = new LinkedHashMap<>();
        for (IndexEntry entry : entries) {
            byPack.computeIfAbsent(entry.pack(), p -> new ArrayList<>()).add(entry);
        }
        Encoder encoder = new Encoder(entries.size() * 50 + 64);
        encoder.varlong(byPack.size());
        for (var pack : byPack.entrySet()) {
            encoder.objectId(pack.getKey()).varlong(pack.getValue().size());
            for (IndexEntry entry : pack.getValue()) {
                encoder.u8(entry.type().code()).chunkId(entry.id())
                        .varlong(entry.offset()).varlong(entry.length()).varlong(entry.rawLength());
            }
        }
        ObjectId id = ObjectId.random();
        store.put(PackLayout.indexKey(id), sealer.seal(encoder.toBytes(), PackLayout.indexContext(id)));
        return id;
    }

    public static List<IndexEntry> read(BlobStore store, Sealer sealer, ObjectId id) throws IOException {
        String what = "index " + id;
        byte[] plain = sealer.open(store.get(PackLayout.indexKey(id)), PackLayout.indexContext(id), what);
        Decoder decoder = new Decoder(plain, what);
        int packs = decoder.varint();
        List<IndexEntry> entries = new ArrayList<>();
        for (int p = 0; p < packs; p++) {
            ObjectId pack = decoder.objectId();
            int count = decoder.varint();
            for (int i = 0; i < count; i++) {
                BlobType type = BlobType.of(decoder.u8());
                var chunk = decoder.chunkId();
                entries.add(new IndexEntry(chunk, type, pack, decoder.varint(), decoder.varint(), decoder.varint()));
            }
        }
        return entries;
    }

    public static List<ObjectId> list(BlobStore store) throws IOException {
        List<ObjectId> ids = new ArrayList<>();
        for (var info : store.list(PackLayout.INDEX_PREFIX)) {
            String name = info.key().substring(PackLayout.INDEX_PREFIX.length());
            if (ObjectId.isValid(name)) {
                ids.add(ObjectId.parse(name));
            }
        }
        return ids;
    }
}
