package dev.hokan.store.snapshot;

import dev.hokan.store.NoSuchSnapshotException;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.crypto.Sealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The sealed recovery-point manifests of a vault, under {@code snapshots/}. */
public final class Manifests {
    private static final String PREFIX = "snapshots/";
    private final BlobStore store;
    private final Sealer sealer;

    public Manifests(BlobStore store, Sealer sealer) {
        this.store = store;
        this.sealer = sealer;
    }

    /** The key of the snapshot's manifest. */
    public static String key(String id) {
        return PREFIX + id;
    }

    private static byte[] context(ObjectId id) {
        return ("snapshot:" + id.hex()).getBytes(StandardCharsets.US_ASCII);
    }

    public void write(Manifest manifest) throws IOException {
        store.put(PREFIX + manifest.id().hex(), sealer.seal(manifest.encode(), context(manifest.id())));
    }

    public Manifest read(String id) throws IOException {
        if (!ObjectId.isValid(id)) {
            throw new NoSuchSnapshotException(id);
        }
        ObjectId objectId = ObjectId.parse(id);
        String what = "recovery point " + id;
        try {
            return Manifest.decode(sealer.open(store.get(PREFIX + id), context(objectId), what), what);
        } catch (NoSuchBlobException e) {
            throw new NoSuchSnapshotException(id);
        }
    }

    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        for (var info : store.list(PREFIX)) {
            String name = info.key().substring(PREFIX.length());
            if (ObjectId.isValid(name)) {
                ids.add(name);
            }
        }
        return ids;
    }

    /** All manifests, oldest first; any that cannot be read fails the call (garbage collection relies on this). */
    public List<Manifest> all() throws IOException {
        return collect(true);
    }

    /**
     * The readable manifests, oldest first: a damaged one is left out so that it cannot stop listing or
     * backups; {@code verify} reports it.
     */
    public List<Manifest> readable() throws IOException {
        return collect(false);
    }

    private List<Manifest> collect(boolean strict) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        for (String id : ids()) {
            try {
                manifests.add(read(id));
            } catch (NoSuchSnapshotException deletedMeanwhile) {
                // deleted between listing and reading
            } catch (IOException damaged) {
                if (strict) {
                    throw damaged;
                }
            }
        }
        manifests.sort(Comparator.comparing(Manifest::time).thenComparing(m -> m.id().hex()));
        return manifests;
    }

    public boolean delete(String id) throws IOException {
        if (!ObjectId.isValid(id)) {
            throw new NoSuchSnapshotException(id);
        }
        return store.delete(PREFIX + id);
    }
}
