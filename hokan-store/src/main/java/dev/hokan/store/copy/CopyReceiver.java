package dev.hokan.store.copy;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import dev.hokan.store.parts.Sessions;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.parts.WriteSession;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A copy's destination over a local vault ({@code Vault.receiveCopy}): re-hashes every blob under this vault's
 * key, translates the references of trees, and seals what is new with this vault's key. Registered as a
 * session for its lifetime, so that garbage collection leaves alone what the copy relies on. For one copy at
 * a time: not safe for concurrent use.
 * <p>
 * A blob counts as held when the index has it outside the packs that were condemned when this receiver
 * opened: packs condemned later wait for this session to end, and the collection rescues what the copy's
 * recovery point then refers to (docs/gc.md).
 */
public final class CopyReceiver implements CopyDestination, AutoCloseable {
    private final VaultParts vault;
    private final Sessions.Registration session;
    private final Set<ObjectId> condemnedAtOpen;
    private final Translations translations;
    private final Map<String, String> ownTags;
    private final Set<ChunkId> wholeTrees = new HashSet<>();
    private CopyManifest committedManifest;
    private String committedId;

    private CopyReceiver(VaultParts vault, Sessions.Registration session, Set<ObjectId> condemnedAtOpen, Translations translations,
                         Map<String, String> ownTags) {
        this.vault = vault;
        this.session = session;
        this.condemnedAtOpen = condemnedAtOpen;
        this.translations = translations;
        this.ownTags = Map.copyOf(ownTags);
    }

    @SuppressWarnings("exports")
    public static CopyReceiver open(VaultParts vault, String sourceVaultId, Map<String, String> ownTags) throws IOException {
        if (!ObjectId.isValid(sourceVaultId)) {
            throw new CopyRefusedException("not a vault ID: " + sourceVaultId);
        }
        Sessions.Registration session = vault.sessions().register("copy");
        try {
            Set<ObjectId> condemned = vault.seeCollections();
            return new CopyReceiver(vault, session, condemned,
                    new Translations(vault.store(), vault.keys().sealer(), sourceVaultId), ownTags);
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public Set<ChunkId> missing(List<ChunkId> sourceIds) throws IOException {
        if (sourceIds.size() > MAX_IDS) {
            throw new CopyRefusedException("a copy may ask about at most " + MAX_IDS + " IDs at once, not " + sourceIds.size());
        }
        Set<ChunkId> missing = new HashSet<>();
        for (ChunkId sourceId : sourceIds) {
            ChunkId id = translations.get(sourceId);
            if (id == null || !(held(id, BlobType.DATA) || whole(id))) {
                missing.add(sourceId);
            }
        }
        return missing;
    }

    @Override
    public BatchReceipt receive(List<CopyBlob> blobs) throws IOException {
        long bytes = blobs.stream().mapToLong(b -> b.plaintext().length).sum();
        if (blobs.size() > MAX_BATCH_BLOBS || bytes > MAX_BATCH_BYTES) {
            throw new CopyRefusedException("a copy batch may carry at most " + MAX_BATCH_BLOBS + " blobs and "
                    + MAX_BATCH_BYTES + " bytes, not " + blobs.size() + " blobs and " + bytes + " bytes");
        }
        Batch batch = new Batch();
        try (WriteSession writer = vault.startWriting()) {
            for (CopyBlob blob : blobs) {
                byte[] plain = blob.type() == BlobType.TREE ? translate(blob, batch) : blob.plaintext();
                ChunkId id = vault.keys().hasher().hash(plain, 0, plain.length);
                writer.store(blob.type(), id, plain, 0, plain.length);
                (blob.type() == BlobType.TREE ? batch.trees : batch.data).put(blob.sourceId(), id);
            }
            writer.commit();
            Map<ChunkId, ChunkId> arrived = new HashMap<>(batch.data);
            arrived.putAll(batch.trees);
            translations.add(arrived);
            // every reference of these trees was checked, and their subtrees were whole
            wholeTrees.addAll(batch.trees.values());
            return new BatchReceipt(writer.newChunks(), writer.newBytes(), writer.storedBytes());
        }
    }

    /** Source-to-destination IDs of the blobs received so far in one batch. */
    private static final class Batch {
        final Map<ChunkId, ChunkId> data = new HashMap<>();
        final Map<ChunkId, ChunkId> trees = new HashMap<>();
    }

    private byte[] translate(CopyBlob blob, Batch batch) throws IOException {
        String what = "tree " + blob.sourceId() + " of the copy";
        Tree tree;
        try {
            tree = Tree.decode(blob.plaintext(), what);
        } catch (IOException malformed) {
            throw new CopyRefusedException(malformed.getMessage(), malformed);
        }
        List<Node> nodes = new ArrayList<>(tree.nodes().size());
        for (Node node : tree.nodes()) {
            nodes.add(switch (node.type()) {
                case FILE -> {
                    List<ChunkId> content = new ArrayList<>(node.content().size());
                    for (ChunkId chunk : node.content()) {
                        content.add(reference(chunk, BlobType.DATA, batch, what));
                    }
                    yield node.withContent(content);
                }
                case DIRECTORY -> node.withSubtree(reference(node.subtree(), BlobType.TREE, batch, what));
                case SYMLINK, NAMED_PIPE, CHARACTER_DEVICE, BLOCK_DEVICE -> node;
            });
        }
        return tree.withNodes(nodes).encode();
    }

    private ChunkId reference(ChunkId sourceId, BlobType type, Batch batch, String what) throws IOException {
        ChunkId arrived = (type == BlobType.TREE ? batch.trees : batch.data).get(sourceId);
        if (arrived != null) {
            return arrived;
        }
        ChunkId id = translations.get(sourceId);
        if (id == null || !(type == BlobType.TREE ? whole(id) : held(id, BlobType.DATA))) {
            throw new CopyRefusedException(what + " refers to " + (type == BlobType.TREE ? "tree " : "chunk ") + sourceId
                    + ", which has not arrived");
        }
        return id;
    }

    @Override
    public String commit(CopyManifest manifest) throws IOException {
        if (manifest.equals(committedManifest)) {
            // a repeated request whose answer was lost
            return committedId;
        }
        ChunkId root = translations.get(manifest.sourceRoot());
        if (root == null || !whole(root)) {
            throw new CopyRefusedException("the copy's root tree " + manifest.sourceRoot() + " has not arrived whole");
        }
        translations.merge();
        var written = manifest.toManifest(ObjectId.random(), root, ownTags);
        vault.manifests().write(written);
        committedManifest = manifest;
        committedId = written.id().hex();
        return committedId;
    }

    private boolean held(ChunkId id, BlobType type) {
        return vault.index().lookup(id)
                .filter(entry -> entry.type() == type && !condemnedAtOpen.contains(entry.pack()))
                .isPresent();
    }

    /** True when the tree and everything under it is held. */
    private boolean whole(ChunkId tree) throws IOException {
        if (wholeTrees.contains(tree)) {
            return true;
        }
        if (!held(tree, BlobType.TREE)) {
            return false;
        }
        for (Node node : vault.loader().tree(tree).nodes()) {
            boolean held = switch (node.type()) {
                case FILE -> node.content().stream().allMatch(chunk -> held(chunk, BlobType.DATA));
                case DIRECTORY -> whole(node.subtree());
                case SYMLINK, NAMED_PIPE, CHARACTER_DEVICE, BLOCK_DEVICE -> true;
            };
            if (!held) {
                return false;
            }
        }
        wholeTrees.add(tree);
        return true;
    }

    @Override
    public void close() throws IOException {
        session.close();
    }
}
