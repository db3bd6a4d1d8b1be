package dev.hokan.store;

import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import dev.hokan.store.pack.BlobType;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a recovery point into another vault, re-keyed and re-sealed there. Chunk IDs differ between
 * vaults (each hashes with its own key), so the target remembers which source ID became which target ID
 * under {@code copies/<source vault>/}. A later copy of a similar recovery point reads from the source
 * only what the target lacks, and skips unchanged directories whole.
 */
final class Copier {
    private final Vault source;
    private final Vault target;
    private final String translationPrefix;
    private final Map<ChunkId, ChunkId> translations = new HashMap<>();
    private final Map<ChunkId, ChunkId> learned = new HashMap<>();

    Copier(Vault source, Vault target) {
        this.source = source;
        this.target = target;
        this.translationPrefix = "copies/" + source.id() + "/";
    }

    CopyResult copy(Manifest manifest) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try (var session = target.sessions().register("copy");
             WriteSession writer = target.startWriting()) {
            loadTranslations();
            ChunkId root = tree(manifest.root(), writer);
            writer.commit();
            saveTranslations();
            Manifest copy = manifest.withId(ObjectId.random()).withRoot(root, "");
            target.manifests().write(copy);
            return new CopyResult(copy.id().hex(), writer.newChunks(), writer.newBytes(), writer.storedBytes(),
                    java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private ChunkId tree(ChunkId sourceTree, WriteSession writer) throws IOException, InterruptedException {
        ChunkId known = known(sourceTree, writer);
        if (known != null) {
            return known;
        }
        Tree tree = source.loader().tree(sourceTree);
        List<Node> nodes = new ArrayList<>(tree.nodes().size());
        for (Node node : tree.nodes()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("copy stopped");
            }
            if (node.type() == NodeType.DIRECTORY) {
                nodes.add(node.withSubtree(tree(node.subtree(), writer)));
            } else if (node.type() == NodeType.FILE) {
                List<ChunkId> content = new ArrayList<>(node.content().size());
                for (ChunkId chunk : node.content()) {
                    content.add(blob(chunk, BlobType.DATA, writer));
                }
                nodes.add(node.withContent(content));
            } else {
                nodes.add(node);
            }
        }
        byte[] encoded = new Tree(nodes).encode();
        ChunkId id = target.keys().hasher().hash(encoded, 0, encoded.length);
        writer.store(BlobType.TREE, id, encoded, 0, encoded.length);
        learned.put(sourceTree, id);
        return id;
    }

    private ChunkId blob(ChunkId sourceId, BlobType type, WriteSession writer) throws IOException {
        ChunkId known = known(sourceId, writer);
        if (known != null) {
            return known;
        }
        byte[] data = source.loader().load(sourceId, type);
        ChunkId id = target.keys().hasher().hash(data, 0, data.length);
        writer.store(type, id, data, 0, data.length);
        learned.put(sourceId, id);
        return id;
    }

    private ChunkId known(ChunkId sourceId, WriteSession writer) {
        ChunkId id = learned.get(sourceId);
        if (id == null) {
            id = translations.get(sourceId);
        }
        return id != null && writer.has(id) ? id : null;
    }

    private byte[] context(String key) {
        return ("copies:" + key).getBytes(StandardCharsets.US_ASCII);
    }

    private void loadTranslations() throws IOException {
        for (var info : target.store().list(translationPrefix)) {
            String what = "copy translation " + info.key();
            byte[] plain;
            try {
                plain = target.keys().sealer().open(target.store().get(info.key()), context(info.key()), what);
            } catch (java.io.FileNotFoundException removed) {
                continue;
            }
            Decoder in = new Decoder(plain, what);
            while (in.hasMore()) {
                translations.put(in.chunkId(), in.chunkId());
            }
        }
    }

    private void saveTranslations() throws IOException {
        if (learned.isEmpty()) {
            return;
        }
        Encoder out = new Encoder(learned.size() * 64);
        learned.forEach((from, to) -> out.chunkId(from).chunkId(to));
        String key = translationPrefix + ObjectId.random().hex();
        target.store().put(key, target.keys().sealer().seal(out.toBytes(), context(key)));
    }
}
