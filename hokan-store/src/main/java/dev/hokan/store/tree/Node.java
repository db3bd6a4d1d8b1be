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
 * Build one with {@link #builder()}, change one with {@link #toBuilder()}.
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

    /** True when the file at the same path looks unchanged since this node was recorded, and was read consistently. */
    public boolean sameFileAs(Node current) {
        return !inconsistent && type == NodeType.FILE && current.type == NodeType.FILE
                && size == current.size && mtimeNanos == current.mtimeNanos
                && ctimeNanos == current.ctimeNanos && inode == current.inode;
    }

    public Node withContent(List<ChunkId> newContent) {
        return toBuilder().content(newContent).build();
    }

    public Node withSubtree(ChunkId newSubtree) {
        return toBuilder().subtree(newSubtree).build();
    }

    public Node withOwner(int newUid, int newGid) {
        return new Node(name, type, mode, newUid, newGid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget, content,
                subtree, deviceNumber, attributes, inconsistent);
    }

    public Node withAttributes(List<ExtendedAttribute> newAttributes) {
        return toBuilder().attributes(newAttributes).build();
    }

    /** A builder with every component unset (null, zero or false; no content and no extended attributes). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this node's components, to change a few of them. */
    public Builder toBuilder() {
        return builder()
                .name(name)
                .type(type)
                .mode(mode)
                .uid(uid)
                .gid(gid)
                .mtimeNanos(mtimeNanos)
                .ctimeNanos(ctimeNanos)
                .inode(inode)
                .device(device)
                .links(links)
                .size(size)
                .linkTarget(linkTarget)
                .content(content)
                .subtree(subtree)
                .deviceNumber(deviceNumber)
                .attributes(attributes)
                .inconsistent(inconsistent);
    }

    /** Builds a {@code Node} by naming its components, so that no call depends on their order. */
    public static final class Builder {
        private String name;
        private NodeType type;
        private int mode;
        private int uid;
        private int gid;
        private long mtimeNanos;
        private long ctimeNanos;
        private long inode;
        private long device;
        private int links;
        private long size;
        private String linkTarget;
        private List<ChunkId> content = List.of();
        private ChunkId subtree;
        private long deviceNumber;
        private List<ExtendedAttribute> attributes = List.of();
        private boolean inconsistent;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder type(NodeType type) {
            this.type = type;
            return this;
        }

        public Builder mode(int mode) {
            this.mode = mode;
            return this;
        }

        public Builder uid(int uid) {
            this.uid = uid;
            return this;
        }

        public Builder gid(int gid) {
            this.gid = gid;
            return this;
        }

        public Builder mtimeNanos(long mtimeNanos) {
            this.mtimeNanos = mtimeNanos;
            return this;
        }

        public Builder ctimeNanos(long ctimeNanos) {
            this.ctimeNanos = ctimeNanos;
            return this;
        }

        public Builder inode(long inode) {
            this.inode = inode;
            return this;
        }

        public Builder device(long device) {
            this.device = device;
            return this;
        }

        public Builder links(int links) {
            this.links = links;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder linkTarget(String linkTarget) {
            this.linkTarget = linkTarget;
            return this;
        }

        public Builder content(List<ChunkId> content) {
            this.content = content;
            return this;
        }

        public Builder subtree(ChunkId subtree) {
            this.subtree = subtree;
            return this;
        }

        public Builder deviceNumber(long deviceNumber) {
            this.deviceNumber = deviceNumber;
            return this;
        }

        public Builder attributes(List<ExtendedAttribute> attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder inconsistent(boolean inconsistent) {
            this.inconsistent = inconsistent;
            return this;
        }

        public Node build() {
            return new Node(name, type, mode, uid, gid, mtimeNanos, ctimeNanos, inode, device, links, size, linkTarget,
                    content, subtree, deviceNumber, attributes, inconsistent);
        }
    }
}
