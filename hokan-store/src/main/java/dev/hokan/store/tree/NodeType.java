package dev.hokan.store.tree;

/** What a node is; stored as its ordinal, so new types are only ever added at the end. */
public enum NodeType {
    FILE(0100000), DIRECTORY(0040000), SYMLINK(0120000), NAMED_PIPE(0010000), CHARACTER_DEVICE(0020000), BLOCK_DEVICE(0060000);

    /** The type's bits in {@code st_mode}. */
    private final int modeBits;

    NodeType(int modeBits) {
        this.modeBits = modeBits;
    }

    public int modeBits() {
        return modeBits;
    }

    /** Named pipes and devices: what {@code mknod} creates. */
    public boolean special() {
        return ordinal() >= NAMED_PIPE.ordinal();
    }

    /** The special type of {@code st_mode}, or empty for sockets and anything else that is not stored. */
    public static java.util.Optional<NodeType> specialOf(int mode) {
        return java.util.Arrays.stream(values()).filter(t -> t.special() && t.modeBits == (mode & 0170000)).findFirst();
    }

    static NodeType of(int code) throws java.io.IOException {
        NodeType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new java.io.IOException("unknown node type " + code);
        }
        return all[code];
    }
}
