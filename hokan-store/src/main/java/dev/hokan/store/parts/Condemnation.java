package dev.hokan.store.parts;

import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.Sealer;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A garbage collector's decision to delete packs, recorded under {@code gc/} before anything is deleted.
 * Writers that start after it exists do not deduplicate against the condemned packs; deletion waits until
 * every session running when it was recorded has ended ({@code sessions} empty means not yet listed).
 * {@code unindexed} packs had no index when condemned; any that got indexed since belong to a backup that
 * was running and are spared.
 */
public record Condemnation(ObjectId id, Set<ObjectId> packs, Set<ObjectId> unindexed, Optional<List<String>> sessions) {
    static final String PREFIX = "gc/";

    Set<ObjectId> allPacks() {
        Set<ObjectId> all = new HashSet<>(packs);
        all.addAll(unindexed);
        return all;
    }

    public Condemnation withSessions(List<String> live) {
        return new Condemnation(id, packs, unindexed, Optional.of(List.copyOf(live)));
    }

    private static byte[] context(ObjectId id) {
        return ("gc:" + id.hex()).getBytes(StandardCharsets.US_ASCII);
    }

    public void write(BlobStore store, Sealer sealer) throws IOException {
        Encoder out = new Encoder();
        out.varlong(packs.size());
        packs.forEach(out::objectId);
        out.varlong(unindexed.size());
        unindexed.forEach(out::objectId);
        out.u8(sessions.isPresent() ? 1 : 0);
        sessions.ifPresent(list -> {
            out.varlong(list.size());
            list.forEach(out::string);
        });
        store.put(PREFIX + id.hex(), sealer.seal(out.toBytes(), context(id)));
    }

    public void delete(BlobStore store) throws IOException {
        store.delete(PREFIX + id.hex());
    }

    public static List<Condemnation> all(BlobStore store, Sealer sealer) throws IOException {
        List<Condemnation> all = new ArrayList<>();
        for (var info : store.list(PREFIX)) {
            String name = info.key().substring(PREFIX.length());
            if (!ObjectId.isValid(name)) {
                continue;
            }
            ObjectId id = ObjectId.parse(name);
            String what = "garbage collection record " + name;
            byte[] plain;
            try {
                plain = sealer.open(store.get(info.key()), context(id), what);
            } catch (java.io.FileNotFoundException completedMeanwhile) {
                continue;
            }
            Decoder in = new Decoder(plain, what);
            all.add(new Condemnation(id, readIds(in), readIds(in), readSessions(in)));
        }
        return all;
    }

    public static Set<ObjectId> condemnedPacks(BlobStore store, Sealer sealer) throws IOException {
        Set<ObjectId> packs = new HashSet<>();
        for (Condemnation condemnation : all(store, sealer)) {
            packs.addAll(condemnation.allPacks());
        }
        return packs;
    }

    private static Set<ObjectId> readIds(Decoder in) throws IOException {
        int count = in.varint();
        Set<ObjectId> ids = new HashSet<>(count * 2);
        for (int i = 0; i < count; i++) {
            ids.add(in.objectId());
        }
        return ids;
    }

    private static Optional<List<String>> readSessions(Decoder in) throws IOException {
        if (in.u8() == 0) {
            return Optional.empty();
        }
        int count = in.varint();
        List<String> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sessions.add(in.string());
        }
        return Optional.of(sessions);
    }
}
