package dev.hokan.store.tree;

import dev.hokan.store.ChunkId;
import java.util.List;

/**
 * One directory entry as stored. Files carry their content chunk list, directories the ID of their
 * subtree, symlinks their target. Inode, device and link count identify hard links within a snapshot
 * and, with size and times, let the next backup skip unchanged files.
 */
public record Node(
        String name,
        NodeType type,
        int mode,
        int uid,
        int gid,
        long mtimeNanos,
        long ctimeNanos,
        long inode,
        long device,
        int links,
        long size,
        String linkTarget,
        List<ChunkId> content,
        ChunkId subtree) {

    public Node {
        content = List.copyOf(content);
    }

    /** True when the file at the same path looks unchanged since this node was recorded. */
    public boolean sameFileAs(Node current) {
        return type == NodeType.FILE && current.type == NodeType.FILE
                && size == current.size && mtimeNanos == current.mtimeNanos
                && ctimeNanos == current.ctimeNanos && inode == current.inode;
    }

    public Node withContent(List<ChunkId> newContent) {
        return new Node(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, newContent, subtree);
    }

    public Node withSubtree(ChunkId newSubtree) {
        return new Node(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content, newSubtree);
    }
}
