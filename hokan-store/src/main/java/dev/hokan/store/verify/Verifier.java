package dev.hokan.store.verify;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobInfo;
import dev.hokan.store.index.IndexFile;
import dev.hokan.store.pack.IndexEntry;
import dev.hokan.store.pack.PackHeader;
import dev.hokan.store.pack.PackLayout;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a vault. The structural check authenticates every manifest, index and tree, compares every
 * pack's own header with the index, and finds every referenced chunk in the index. The data check also
 * reads and authenticates every stored blob.
 */
public final class Verifier {
    private final VaultParts vault;
    private final List<String> errors = new ArrayList<>();
    private final Map<ChunkId, String> damage = new LinkedHashMap<>();
    private final Map<ChunkId, List<VerifyReport.Dependent>> affected = new HashMap<>();
    private long bytesRead;

    @SuppressWarnings("exports")
    public Verifier(VaultParts vault) {
        this.vault = vault;
    }

    public VerifyReport verify(boolean readData) throws IOException {
        Map<ObjectId, List<IndexEntry>> packs = new HashMap<>();
        Map<ChunkId, IndexEntry> locations = new HashMap<>();
        for (ObjectId indexId : IndexFile.list(vault.store())) {
            try {
                for (IndexEntry entry : IndexFile.read(vault.store(), vault.keys().sealer(), indexId)) {
                    packs.computeIfAbsent(entry.pack(), p -> new ArrayList<>()).add(entry);
                    locations.putIfAbsent(entry.id(), entry);
                }
            } catch (IOException e) {
                errors.add("index " + indexId + ": " + e.getMessage());
            }
        }
        Map<ObjectId, Long> stored = new HashMap<>();
        for (BlobInfo info : vault.store().list(PackLayout.DATA_PREFIX)) {
            String name = info.key().substring(info.key().lastIndexOf('/') + 1);
            if (ObjectId.isValid(name)) {
                stored.put(ObjectId.parse(name), info.size());
            }
        }
        for (var pack : packs.entrySet()) {
            Long size = stored.get(pack.getKey());
            if (size == null) {
                pack.getValue().forEach(e -> damage.putIfAbsent(e.id(), "pack " + e.pack() + " is missing"));
                continue;
            }
            checkHeader(pack.getKey(), size, pack.getValue());
            if (readData) {
                readPack(pack.getKey(), size, pack.getValue());
            }
        }
        List<Manifest> manifests = new ArrayList<>();
        for (String id : vault.manifests().ids()) {
            try {
                manifests.add(vault.manifests().read(id));
            } catch (IOException e) {
                errors.add("recovery point " + id + ": " + e.getMessage());
            }
        }
        Set<ChunkId> treesChecked = new HashSet<>();
        for (Manifest manifest : manifests) {
            walk(manifest.id().hex(), manifest.root(), "", locations, treesChecked);
        }
        List<VerifyReport.DamagedBlob> damaged = new ArrayList<>();
        damage.forEach((id, reason) -> damaged.add(new VerifyReport.DamagedBlob(id.hex(), reason, affected.getOrDefault(id, List.of()))));
        return new VerifyReport(manifests.size(), packs.size(), locations.size(), bytesRead, errors, damaged);
    }

    private void checkHeader(ObjectId pack, long size, List<IndexEntry> indexed) {
        try {
            Set<IndexEntry> own = new HashSet<>(PackHeader.read(vault.store(), pack, size, vault.keys().sealer()));
            for (IndexEntry entry : indexed) {
                if (!own.contains(entry)) {
                    damage.putIfAbsent(entry.id(), "pack " + pack + " does not hold it where the index says");
                }
            }
        } catch (IOException e) {
            errors.add("pack " + pack + ": " + e.getMessage());
        }
    }

    private void readPack(ObjectId pack, long size, List<IndexEntry> entries) {
        byte[] content;
        try {
            content = vault.store().get(PackLayout.packKey(pack));
            bytesRead += content.length;
        } catch (IOException e) {
            entries.forEach(entry -> damage.putIfAbsent(entry.id(), "pack " + pack + " cannot be read: " + e.getMessage()));
            return;
        }
        for (IndexEntry entry : entries) {
            if ((long) entry.offset() + entry.length() > content.length) {
                damage.putIfAbsent(entry.id(), "pack " + pack + " is shorter than the index says");
                continue;
            }
            try {
                vault.loader().openAndRehash(entry, Arrays.copyOfRange(content, entry.offset(), entry.offset() + entry.length()), entry.type());
            } catch (IOException e) {
                damage.putIfAbsent(entry.id(), e.getMessage());
            }
        }
    }

    private void walk(String snapshot, ChunkId treeId, String path, Map<ChunkId, IndexEntry> locations, Set<ChunkId> checked) {
        String shown = path.isEmpty() ? "/" : path;
        if (!locations.containsKey(treeId)) {
            damage.putIfAbsent(treeId, "tree is missing from the index");
        }
        if (checked.contains(treeId) && damage.isEmpty()) {
            return;
        }
        if (damage.containsKey(treeId)) {
            affected.computeIfAbsent(treeId, id -> new ArrayList<>()).add(new VerifyReport.Dependent(snapshot, shown));
            return;
        }
        Tree tree;
        try {
            tree = vault.loader().tree(treeId);
        } catch (IOException e) {
            damage.put(treeId, e.getMessage());
            affected.computeIfAbsent(treeId, id -> new ArrayList<>()).add(new VerifyReport.Dependent(snapshot, shown));
            return;
        }
        boolean firstVisit = checked.add(treeId);
        for (Node node : tree.nodes()) {
            String child = path + "/" + node.name();
            if (node.type() == NodeType.DIRECTORY) {
                walk(snapshot, node.subtree(), child, locations, checked);
            } else if (node.type() == NodeType.FILE) {
                for (ChunkId chunk : node.content()) {
                    if (firstVisit && !locations.containsKey(chunk)) {
                        damage.putIfAbsent(chunk, "chunk is missing from the index");
                    }
                    if (damage.containsKey(chunk)) {
                        affected.computeIfAbsent(chunk, id -> new ArrayList<>()).add(new VerifyReport.Dependent(snapshot, child));
                    }
                }
            }
        }
    }
}
