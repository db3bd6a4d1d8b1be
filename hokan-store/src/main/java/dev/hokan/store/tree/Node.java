package dev.hokan.store.tree;

import dev.hokan.store.ChunkId;
import dev.hokan.store.posix.ExtendedAttribute;
import java.util.List;

/**
 * One directory entry as stored. Files carry their content chunk list, directories the ID of their
 * subtree, symlinks their target, devices their device number. Inode, device and link count identify hard links
 * within a snapshot and, with size and times, let the next backup skip unchanged files. The name is in
 * {@link dev.hokan.store.posix.FileNames} form, exact whatever its bytes. {@code inconsistent} marks a file that
 * changed while it was read, and again while it was read once more: its content may mix two versions.
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
        ChunkId subtree,
        long deviceNumber,
        List<ExtendedAttribute> attributes,
        boolean inconsistent) {

    public Node {
        content = List.copyOf(content);
        attributes = List.copyOf(attributes);
    }

    /** A node read consistently. */
    public Node(String name, NodeType type, int mode, int uid, int gid, long mtimeNanos, long ctimeNanos, long inode,
                long device, int links, long size, String linkTarget, List<ChunkId> content, ChunkId subtree,
                long deviceNumber, List<ExtendedAttribute> attributes) {
        this(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content, subtree,
                deviceNumber, attributes, false);
    }

    /** A node read consistently that is no device and has no extended attributes. */
    public Node(String name, NodeType type, int mode, int uid, int gid, long mtimeNanos, long ctimeNanos, long inode,
                long device, int links, long size, String linkTarget, List<ChunkId> content, ChunkId subtree) {
        this(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content, subtree, 0, List.of());
    }

    /** True when the file at the same path looks unchanged since this node was recorded, and was read consistently. */
    public boolean sameFileAs(Node current) {
        return !inconsistent && type == NodeType.FILE && current.type == NodeType.FILE
                && size == current.size && mtimeNanos == current.mtimeNanos
                && ctimeNanos == current.ctimeNanos && inode == current.inode;
    }

    public Node withContent(List<ChunkId> newContent) {
        return new Node(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, newContent,
                subtree, deviceNumber, attributes, inconsistent);
    }

    public Node withSubtree(ChunkId newSubtree) {
        return new Node(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content,
                newSubtree, deviceNumber, attributes, inconsistent);
    }

    public Node withOwner(int newUid, int newGid) {
        return new Node(name, type, mode, newUid, newGid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content,
                subtree, deviceNumber, attributes, inconsistent);
    }

    public Node withAttributes(List<ExtendedAttribute> newAttributes) {
        return new Node(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content,
                subtree, deviceNumber, newAttributes, inconsistent);
    }
}
