package dev.hokan.store.parts;

import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.index.ChunkIndex;
import dev.hokan.store.snapshot.Manifests;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * What backup, restore, copy, garbage collection and verification share of one open vault: its storage,
 * keys, chunk index, manifests, sessions and blob reader. {@code Vault} builds it and hands it to each.
 */
public record VaultParts(BlobStore store, VaultConfig config, VaultKeys keys, ChunkIndex index, Manifests manifests,
                         Sessions sessions, BlobLoader loader, Clock clock) {

    public long packSize() {
        return config.packSize();
    }

    /** A write session that respects pending garbage collection and sees the latest index. */
    public WriteSession startWriting() throws IOException {
        seeCollections();
        return new WriteSession(store, keys, index, packSize());
    }

    /** Reads the packs pending collections condemned, and the latest index; a writer calls it after registering its session. */
    public Set<ObjectId> seeCollections() throws IOException {
        Set<ObjectId> condemned = Set.copyOf(Condemnation.condemnedPacks(store, keys.sealer()));
        index.setCondemned(condemned);
        index.refresh();
        return condemned;
    }
}
