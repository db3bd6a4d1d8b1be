package dev.hokan.store.gc;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.index.IndexFile;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.parts.VaultConfig;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.snapshot.Manifests;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects a restore of one snapshot reads: the vault's marker, keys and config, the snapshot's manifest, the
 * packs holding its trees and chunks (where the index finds them, as a restore would), and the index objects that
 * list those packs, since a restore finds blobs through them.
 */
public final class NeededObjects {
    private NeededObjects() {
    }

    @SuppressWarnings("exports")
    public static Set<String> of(VaultParts vault, String snapshotId) throws IOException {
        Set<ChunkId> blobs = new ReferenceWalker(vault.loader()).referenced(List.of(vault.manifests().read(snapshotId)));
        Set<ObjectId> packs = new HashSet<>();
        for (ChunkId id : blobs) {
            packs.add(vault.index().lookup(id).orElseThrow(() -> new IOException("blob " + id + " of snapshot "
                    + snapshotId + " is in no pack the index knows")).pack());
        }
        Set<String> keys = new TreeSet<>(VaultConfig.keys());
        keys.add(Manifests.key(snapshotId));
        for (ObjectId pack : packs) {
            keys.add(PackLayout.packKey(pack));
        }
        for (ObjectId index : IndexFile.list(vault.store())) {
            try {
                List<IndexEntry> entries = IndexFile.read(vault.store(), vault.keys().sealer(), index);
                if (entries.stream().anyMatch(entry -> packs.contains(entry.pack()))) {
                    keys.add(PackLayout.indexKey(index));
                }
            } catch (java.io.FileNotFoundException replacedMeanwhile) {
                // rewritten by a collection: its successor lists the same packs and is listed too
            }
        }
        return keys;
    }
}
