package dev.hokan.store.gc;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobInfo;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.ObjectLock;
import dev.hokan.store.index.IndexFile;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.parts.Condemnation;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.parts.WriteSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Frees what no recovery point refers to, without ever blocking backups. The protocol (docs/gc.md):
 * condemn packs in a recorded decision, never deduplicate against condemned packs from then on, and
 * delete them only once every session that was running at the decision has ended, after a fresh mark
 * has rescued anything those sessions came to refer to. Each step is safe to interrupt and repeat.
 */
public final class GarbageCollector {
    private static final double REPACK_BELOW_LIVE_FRACTION = 0.5;

    private final VaultParts vault;
    private final BlobStore store;
    private long packsDeleted;
    private long bytesFreed;
    private long packsRepacked;
    private Optional<ObjectLock> objectLock = Optional.empty();
    private final Map<String, ObjectLock.Protection> protectedObjects = new TreeMap<>();

    @SuppressWarnings("exports")
    public GarbageCollector(VaultParts vault) {
        this.vault = vault;
        this.store = vault.store();
    }

    public GcReport collect() throws IOException {
        try (GcLock _ = GcLock.acquire(store, vault.clock())) {
            int temporaries = store.removeAbandonedWrites();
            objectLock = store.objectLock();
            if (objectLock.isPresent()) {
                objectLock.get().removeReleased();
            }
            completeReadyDecisions();
            condemn();
            completeReadyDecisions();
            Set<ObjectId> pending = Condemnation.condemnedPacks(store, vault.keys().sealer());
            vault.index().setCondemned(pending);
            return new GcReport(packsDeleted, bytesFreed, packsRepacked, pending.size(), temporaries,
                    protectedObjects);
        }
    }

    /** Completes decisions whose sessions have all ended; listing sessions also forgets those of dead processes. */
    private void completeReadyDecisions() throws IOException {
        List<String> live = vault.sessions().live(vault.clock().instant());
        for (Condemnation decision : Condemnation.all(store, vault.keys().sealer())) {
            if (decision.sessions().isEmpty()) {
                decision = decision.withSessions(live);
                decision.write(store, vault.keys().sealer());
            }
            if (decision.sessions().get().stream().noneMatch(live::contains)) {
                complete(decision);
            }
        }
    }

    private void condemn() throws IOException {
        Set<ObjectId> alreadyCondemned = Condemnation.condemnedPacks(store, vault.keys().sealer());
        Set<ChunkId> live = new ReferenceWalker(vault.loader()).referenced(vault.manifests().all());
        Map<ObjectId, List<IndexEntry>> indexed = packContents(readIndexes().values());
        Map<ObjectId, Long> stored = storedPacks();

        Set<ObjectId> garbage = new HashSet<>();
        Set<ObjectId> sparse = new HashSet<>();
        for (var pack : indexed.entrySet()) {
            if (alreadyCondemned.contains(pack.getKey()) || !stored.containsKey(pack.getKey())) {
                continue;
            }
            long liveBytes = 0;
            long allBytes = 0;
            for (IndexEntry entry : pack.getValue()) {
                allBytes += entry.length();
                liveBytes += live.contains(entry.id()) ? entry.length() : 0;
            }
            if (liveBytes == 0) {
                garbage.add(pack.getKey());
            } else if (liveBytes < allBytes * REPACK_BELOW_LIVE_FRACTION) {
                sparse.add(pack.getKey());
            }
        }
        Set<ObjectId> unindexed = new HashSet<>(stored.keySet());
        unindexed.removeAll(indexed.keySet());
        unindexed.removeAll(alreadyCondemned);
        for (Set<ObjectId> candidates : List.of(garbage, sparse, unindexed)) {
            removeProtected(candidates);
        }
        if (garbage.isEmpty() && sparse.isEmpty() && unindexed.isEmpty()) {
            return;
        }
        Set<ObjectId> condemned = new HashSet<>(alreadyCondemned);
        condemned.addAll(garbage);
        condemned.addAll(sparse);
        condemned.addAll(unindexed);
        vault.index().setCondemned(condemned);
        copyLiveBlobs(sparse, indexed, live, condemned);
        packsRepacked += sparse.size();
        Set<ObjectId> packs = new HashSet<>(garbage);
        packs.addAll(sparse);
        Condemnation decision = new Condemnation(ObjectId.random(), packs, unindexed, Optional.empty());
        decision.write(store, vault.keys().sealer());
        decision.withSessions(vault.sessions().live(vault.clock().instant())).write(store, vault.keys().sealer());
    }

    /** Copies the live blobs of the given packs into new packs, unless a copy exists outside {@code condemned}. */
    private void copyLiveBlobs(Set<ObjectId> packs, Map<ObjectId, List<IndexEntry>> indexed, Set<ChunkId> live,
                               Set<ObjectId> condemned) throws IOException {
        if (packs.isEmpty()) {
            return;
        }
        try (WriteSession writer = new WriteSession(store, vault.keys(), vault.index(), vault.packSize())) {
            for (ObjectId pack : packs) {
                for (IndexEntry entry : indexed.getOrDefault(pack, List.of())) {
                    if (live.contains(entry.id()) && !writer.has(entry.id())) {
                        byte[] sealed = store.get(PackLayout.packKey(pack), entry.offset(), entry.length());
                        vault.loader().open(entry, sealed, entry.type());
                        writer.storeSealed(entry.type(), entry.id(), sealed, entry.rawLength());
                    }
                }
            }
            writer.commit();
        }
        vault.index().setCondemned(condemned);
    }

    private void complete(Condemnation decision) throws IOException {
        Map<ObjectId, List<IndexEntry>> indexes = readIndexes();
        Map<ObjectId, List<IndexEntry>> indexed = packContents(indexes.values());
        Set<ObjectId> doomed = new HashSet<>(decision.packs());
        for (ObjectId pack : decision.unindexed()) {
            if (!indexed.containsKey(pack)) {
                doomed.add(pack);
            }
        }
        removeProtected(doomed);
        // an index object the storage protects cannot be rewritten: the doomed packs it lists stay with it
        for (var index : indexes.entrySet()) {
            if (index.getValue().stream().anyMatch(e -> doomed.contains(e.pack()))
                    && isProtected(PackLayout.indexKey(index.getKey()))) {
                index.getValue().forEach(e -> doomed.remove(e.pack()));
            }
        }
        Set<ObjectId> condemnedEverywhere = Condemnation.condemnedPacks(store, vault.keys().sealer());
        condemnedEverywhere.addAll(doomed);
        vault.index().setCondemned(condemnedEverywhere);

        // Sessions that started before the decision may have come to refer to blobs in doomed packs.
        Set<ChunkId> live = new ReferenceWalker(vault.loader()).referenced(vault.manifests().all());
        copyLiveBlobs(doomed, indexed, live, condemnedEverywhere);

        for (var index : indexes.entrySet()) {
            List<IndexEntry> kept = index.getValue().stream().filter(e -> !doomed.contains(e.pack())).toList();
            if (kept.size() != index.getValue().size()) {
                if (!kept.isEmpty()) {
                    IndexFile.write(store, vault.keys().sealer(), kept);
                }
                store.delete(PackLayout.indexKey(index.getKey()));
            }
        }
        Map<ObjectId, Long> stored = storedPacks();
        for (ObjectId pack : doomed) {
            Long size = stored.get(pack);
            if (size != null && store.delete(PackLayout.packKey(pack))) {
                packsDeleted++;
                bytesFreed += size;
            }
        }
        decision.delete(store);
        vault.index().refresh();
    }

    /** Leaves out the packs the storage protects. */
    private void removeProtected(Set<ObjectId> packs) throws IOException {
        for (var it = packs.iterator(); it.hasNext(); ) {
            if (isProtected(PackLayout.packKey(it.next()))) {
                it.remove();
            }
        }
    }

    /**
     * Whether the storage keeps the object from being deleted now (Object Lock); such an object is left, and reported
     * with what it waits for, instead of failing the collection.
     */
    private boolean isProtected(String key) throws IOException {
        if (objectLock.isEmpty()) {
            return false;
        }
        Optional<ObjectLock.Protection> protection = objectLock.get().protection(key);
        protection.ifPresent(p -> protectedObjects.put(key, p));
        return protection.isPresent();
    }

    private Map<ObjectId, List<IndexEntry>> readIndexes() throws IOException {
        Map<ObjectId, List<IndexEntry>> indexes = new HashMap<>();
        for (ObjectId id : IndexFile.list(store)) {
            try {
                indexes.put(id, IndexFile.read(store, vault.keys().sealer(), id));
            } catch (java.io.FileNotFoundException replacedMeanwhile) {
                // rewritten by a completing decision: its successor is listed too or will be seen next run
            }
        }
        return indexes;
    }

    private static Map<ObjectId, List<IndexEntry>> packContents(Iterable<List<IndexEntry>> indexes) {
        Map<ObjectId, List<IndexEntry>> packs = new HashMap<>();
        for (List<IndexEntry> entries : indexes) {
            for (IndexEntry entry : entries) {
                packs.computeIfAbsent(entry.pack(), p -> new ArrayList<>()).add(entry);
            }
        }
        return packs;
    }

    private Map<ObjectId, Long> storedPacks() throws IOException {
        Map<ObjectId, Long> packs = new HashMap<>();
        for (BlobInfo info : store.list(PackLayout.DATA_PREFIX)) {
            String name = info.key().substring(info.key().lastIndexOf('/') + 1);
            if (ObjectId.isValid(name)) {
                packs.put(ObjectId.parse(name), info.size());
            }
        }
        return packs;
    }
}
