package dev.hokan.store.tree;

import dev.hokan.store.ChunkId;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The entries of one directory, sorted by name; stored as a TREE blob addressed by its own keyed hash. */
public record Tree(List<Node> nodes) {
    private static final int FORMAT = 1;
    /**
     * The top bit of a node's type byte marks an inconsistent file ({@link Node#inconsistent()}); trees written before
     * it existed have it clear.
     */
    private static final int INCONSISTENT = 0x80;
    /** Name length, type, mode, uid, gid, two times, inode, device, links, size, one byte of content: a node's least. */
    private static final int MIN_NODE_BYTES = 12;

    public Tree {
        nodes = nodes.stream().sorted(Comparator.comparing(Node::name)).toList();
    }

    public Optional<Node> find(String name) {
        int low = 0;
        int high = nodes.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = nodes.get(middle).name().compareTo(name);
            if (order == 0) {
                return Optional.of(nodes.get(middle));
            }
            if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.empty();
    }

    public byte[] encode() {
        Encoder out = new Encoder(64 + nodes.size() * 96);
        out.u8(FORMAT).varlong(nodes.size());
        for (Node node : nodes) {
            out.string(node.name()).u8(node.type().ordinal() | (node.inconsistent() ? INCONSISTENT : 0))
                    .varlong(node.mode() & 0xFFFFFFFFL)
                    .varlong(node.uid() & 0xFFFFFFFFL).varlong(node.gid() & 0xFFFFFFFFL)
                    .signed(node.mtimeNanos()).signed(node.ctimeNanos())
                    .varlong(node.inode()).varlong(node.device()).varlong(node.links()).varlong(node.size());
            switch (node.type()) {
                case FILE -> {
                    out.varlong(node.content().size());
                    node.content().forEach(out::chunkId);
                }
                case DIRECTORY -> out.chunkId(node.subtree());
                case SYMLINK -> out.string(node.linkTarget());
            }
        }
        return out.toBytes();
    }

    public static Tree decode(byte[] bytes, String what) throws IOException {
        Decoder in = new Decoder(bytes, what);
        int format = in.u8();
        if (format != FORMAT) {
            throw new IOException(what + " has unknown format " + format);
        }
        int count = in.count(MIN_NODE_BYTES);
        List<Node> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.string();
            int typeByte = in.u8();
            NodeType type = NodeType.of(typeByte & ~INCONSISTENT);
            int mode = (int) in.varlong();
            int uid = (int) in.varlong();
            int gid = (int) in.varlong();
            long mtime = in.signed();
            long ctime = in.signed();
            long inode = in.varlong();
            long device = in.varlong();
            int links = in.varint();
            long size = in.varlong();
            List<ChunkId> content = List.of();
            ChunkId subtree = null;
            String target = null;
            switch (type) {
                case FILE -> {
                    int chunks = in.count(ChunkId.BYTES);
                    List<ChunkId> ids = new ArrayList<>(chunks);
                    for (int c = 0; c < chunks; c++) {
                        ids.add(in.chunkId());
                    }
                    content = ids;
                }
                case DIRECTORY -> subtree = in.chunkId();
                case SYMLINK -> target = in.string();
            }
            nodes.add(new Node(name, type, mode, uid, gid, mtime, ctime, inode, device, links, size, target, content, subtree,
                    (typeByte & INCONSISTENT) != 0));
        }
        return new Tree(nodes);
    }
}
