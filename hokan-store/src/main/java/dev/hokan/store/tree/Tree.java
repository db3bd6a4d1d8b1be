package dev.hokan.store.tree;

import dev.hokan.store.ChunkId;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import dev.hokan.store.posix.ExtendedAttribute;
import dev.hokan.store.posix.FileNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The entries of one directory, sorted by name; stored as a TREE blob addressed by its own keyed hash. {@code self}
 * holds the directory's own attributes for the root of a recovery point, which no parent tree lists; it is null
 * elsewhere.
 *
 * <p>Format 1 (written before extended attributes, pipes and devices were kept) is still read: its nodes have no
 * extended attributes and the tree no {@code self}. Format 2 adds device numbers, each node's extended attributes and
 * {@code self}; names are the exact bytes of {@link dev.hokan.store.posix.FileNames}.
 */
public record Tree(List<Node> nodes, Node self) {
    private static final int FORMAT_WITHOUT_ATTRIBUTES = 1;
    private static final int FORMAT = 2;
    /**
     * The top bit of a node's type byte marks an inconsistent file ({@link Node#inconsistent()}), in both formats;
     * trees written before it existed have it clear.
     */
    private static final int INCONSISTENT = 0x80;
    /** Name length, type, mode, uid, gid, two times, inode, device, links, size, one byte of content: a node's least. */
    private static final int MIN_NODE_BYTES = 12;

    public Tree {
        nodes = nodes.stream().sorted(Comparator.comparing(Node::name)).toList();
    }

    public Tree(List<Node> nodes) {
        this(nodes, null);
    }

    public Tree withNodes(List<Node> newNodes) {
        return new Tree(newNodes, self);
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
            encode(node, out);
        }
        out.u8(self == null ? 0 : 1);
        if (self != null) {
            encode(self, out);
        }
        return out.toBytes();
    }

    private static void encode(Node node, Encoder out) {
        out.bytes(FileNames.encode(node.name())).u8(node.type().ordinal() | (node.inconsistent() ? INCONSISTENT : 0))
                .varlong(node.mode() & 0xFFFFFFFFL)
                .varlong(node.uid() & 0xFFFFFFFFL).varlong(node.gid() & 0xFFFFFFFFL)
                .signed(node.mtimeNanos()).signed(node.ctimeNanos())
                .varlong(node.inode()).varlong(node.device()).varlong(node.links()).varlong(node.size());
        switch (node.type()) {
            case FILE -> {
                out.varlong(node.content().size());
                node.content().forEach(out::chunkId);
            }
            case DIRECTORY -> out.u8(node.subtree() == null ? 0 : 1);
            case SYMLINK -> out.string(node.linkTarget());
            case CHARACTER_DEVICE, BLOCK_DEVICE -> out.varlong(node.deviceNumber());
            case NAMED_PIPE -> { }
        }
        if (node.subtree() != null) {
            out.chunkId(node.subtree());
        }
        out.varlong(node.attributes().size());
        for (ExtendedAttribute attribute : node.attributes()) {
            out.string(attribute.name()).bytes(attribute.value());
        }
    }

    public static Tree decode(byte[] bytes, String what) throws IOException {
        Decoder in = new Decoder(bytes, what);
        int format = in.u8();
        if (format != FORMAT && format != FORMAT_WITHOUT_ATTRIBUTES) {
            throw new IOException(what + " has unknown format " + format);
        }
        int count = in.count(MIN_NODE_BYTES);
        List<Node> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(decode(in, format));
        }
        Node self = format == FORMAT && in.u8() == 1 ? decode(in, format) : null;
        return new Tree(nodes, self);
    }

    private static Node decode(Decoder in, int format) throws IOException {
        boolean withAttributes = format == FORMAT;
        String name = FileNames.decode(in.bytes());
        int typeByte = in.u8();
        NodeType type = NodeType.of(typeByte & ~INCONSISTENT);
        if (!withAttributes && type.special()) {
            throw new IOException("node type " + type + " does not exist in tree format " + format);
        }
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
        boolean hasSubtree = false;
        String target = null;
        long deviceNumber = 0;
        switch (type) {
            case FILE -> content = chunkList(in);
            // format 1 had no tree without a subtree (no self)
            case DIRECTORY -> hasSubtree = !withAttributes || in.u8() == 1;
            case SYMLINK -> target = in.string();
            case CHARACTER_DEVICE, BLOCK_DEVICE -> deviceNumber = in.varlong();
            case NAMED_PIPE -> { }
        }
        ChunkId subtree = hasSubtree ? in.chunkId() : null;
        List<ExtendedAttribute> attributes = withAttributes ? attributes(in) : List.of();
        return Node.builder()
                .name(name)
                .type(type)
                .mode(mode)
                .uid(uid)
                .gid(gid)
                .mtimeNanos(mtime)
                .ctimeNanos(ctime)
                .inode(inode)
                .device(device)
                .links(links)
                .size(size)
                .linkTarget(target)
                .content(content)
                .subtree(subtree)
                .deviceNumber(deviceNumber)
                .attributes(attributes)
                .inconsistent((typeByte & INCONSISTENT) != 0)
                .build();
    }

    private static List<ExtendedAttribute> attributes(Decoder in) throws IOException {
        int count = in.count(2);
        List<ExtendedAttribute> attributes = new ArrayList<>(count);
        for (int a = 0; a < count; a++) {
            attributes.add(new ExtendedAttribute(in.string(), in.bytes()));
        }
        return attributes;
    }

    private static List<ChunkId> chunkList(Decoder in) throws IOException {
        int chunks = in.count(ChunkId.BYTES);
        List<ChunkId> ids = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            ids.add(in.chunkId());
        }
        return ids;
    }
}
