package dev.hokan.store.gc;

import dev.hokan.store.ChunkId;
import dev.hokan.store.parts.BlobLoader;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Finds every blob the vault's recovery points refer to: trees and content chunks. */
final class ReferenceWalker {
    private final BlobLoader loader;

    ReferenceWalker(BlobLoader loader) {
        this.loader = loader;
    }

    Set<ChunkId> referenced(Iterable<Manifest> manifests) throws IOException {
        Set<ChunkId> seen = new HashSet<>();
        for (Manifest manifest : manifests) {
            walk(manifest.root(), seen);
        }
        return seen;
    }

    private void walk(ChunkId treeId, Set<ChunkId> seen) throws IOException {
        if (!seen.add(treeId)) {
            return;
        }
        Tree tree = loader.tree(treeId);
        for (Node node : tree.nodes()) {
            if (node.type() == NodeType.DIRECTORY) {
                walk(node.subtree(), seen);
            } else if (node.type() == NodeType.FILE) {
                seen.addAll(node.content());
            }
        }
    }
}
