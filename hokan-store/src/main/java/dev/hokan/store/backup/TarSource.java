package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A tar archive read from a stream (a tool's output, such as {@code pg_basebackup -Ft -D -}) as a tree: each
 * regular file of the archive becomes a file of the snapshot, each directory a directory, with the owners, modes and
 * times of its headers, so a restore writes the files themselves and chunks are shared file by file across backups.
 * Nothing is staged: each file's content is chunked as it passes. Entries may come in any order; a directory the
 * archive does not list gets mode 0700 and its first entry's owner. The archive is read to its end-of-archive
 * blocks: a stream that stops before them is no complete archive, and fails the backup. Hard links, devices and pipes
 * are reported as skipped; extended (pax, GNU) headers are refused.
 *
 * <p>A tar header keeps no inode and whole seconds only, so no file is taken for unchanged: every backup reads the
 * whole stream, and deduplication stores only the chunks that changed.
 */
final class TarSource implements BackupSource {
    private static final int BLOCK = 512;
    private static final int DEFAULT_DIRECTORY_MODE = 0700;

    private final String location;
    private final ReadableByteChannel tar;
    private final ByteBuffer header = ByteBuffer.allocate(BLOCK);
    /** Each directory met, by its path from the root ("" for the root), with what it holds. */
    private final Map<String, Directory> directories = new HashMap<>();
    /** The archive's first entry, whose owner the directories it does not list get. */
    private Node firstEntry;
    private BackupSource.Archive archive;

    /** A directory of the archive: its own metadata (null until its header or a first entry gives some) and entries. */
    private static final class Directory {
        private Node self;
        private final List<CompletableFuture<Node>> entries = new ArrayList<>();
    }

    TarSource(String location, ReadableByteChannel tar) {
        this.location = location;
        this.tar = tar;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public CompletableFuture<ChunkId> read(BackupSource.Archive archive, Tree parent) throws IOException, InterruptedException {
        this.archive = archive;
        directories.put("", new Directory());
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("backup stopped");
            }
            if (!readBlock()) {
                throw new EOFException(location + " ended before its end-of-archive blocks: the archive is incomplete");
            }
            if (allZero(header)) {
                break;
            }
            if (!entry()) {
                break;
            }
        }
        return trees();
    }

    /** Reads one entry whose header is in {@link #header}; false when the backup was asked to finish. */
    private boolean entry() throws IOException, InterruptedException {
        byte[] h = header.array();
        verifyChecksum(h);
        String path = path(h);
        char type = (char) h[156];
        long size = number(h, 124, 12);
        int mode = (int) number(h, 100, 8) & 07777;
        int uid = (int) number(h, 108, 8);
        int gid = (int) number(h, 116, 8);
        long mtime = number(h, 136, 12) * 1_000_000_000L;
        if (archive.finishRequested()) {
            archive.notReached(path);
            return false;
        }
        if (path.isEmpty() && type != '5') {
            throw new IOException(location + ": a tar entry of type '" + type + "' has no name");
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        Node found = Node.builder().name(name).type(NodeType.FILE).mode(mode).uid(uid).gid(gid).mtimeNanos(mtime)
                .ctimeNanos(mtime).links(1).size(size).build();
        if (firstEntry == null) {
            firstEntry = found;
        }
        switch (type) {
            case '0', '\0', '7' -> {
                BackupSource.Content content = archive.read(new Bounded(tar, size), size);
                if (content == null) {
                    archive.notReached(path);
                    return false;
                }
                if (content.length() != size) {
                    throw new EOFException(location + " ended inside " + path);
                }
                skipPadding(size);
                archive.scanned(found);
                parentOf(path).entries.add(archive.file(found, content, false));
            }
            case '5' -> {
                skipContent(size);
                Directory directory = directory(path);
                directory.self = withType(found, NodeType.DIRECTORY, null);
            }
            case '2' -> {
                skipContent(size);
                String target = text(h, 157, 100);
                parentOf(path).entries.add(CompletableFuture.completedFuture(withType(found, NodeType.SYMLINK, target)));
            }
            case '1', '3', '4', '6' -> {
                skipContent(size);
                archive.skipped(path + " (" + switch (type) {
                    case '1' -> "hard link to " + text(h, 157, 100);
                    case '6' -> "named pipe";
                    default -> "device";
                } + " in " + location + ")");
            }
            default -> throw new IOException(location + ": tar entry " + path + " has type '" + type
                    + "', which is not read (only ustar files, directories and symlinks)");
        }
        return true;
    }

    /** The entry's path from the root, without "./" or a trailing slash; a path that would leave the root is refused. */
    private String path(byte[] h) throws IOException {
        String name = text(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? text(h, 345, 155) : "";
        String full = prefix.isEmpty() ? name : prefix + "/" + name;
        List<String> parts = new ArrayList<>();
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IOException(location + ": tar entry " + full + " leads out of the archive");
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            return "";
        }
        return String.join("/", parts);
    }

    /** The directory at {@code path}, made (with its parents) when not met yet. */
    private Directory directory(String path) {
        Directory directory = directories.get(path);
        if (directory != null) {
            return directory;
        }
        directory = new Directory();
        directories.put(path, directory);
        if (!path.isEmpty()) {
            parentOf(path);
        }
        return directory;
    }

    private Directory parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return directory(slash < 0 ? "" : path.substring(0, slash));
    }

    /** Stores the directories deepest first, so each one's subdirectories are entries of it when its tree is made. */
    private CompletableFuture<ChunkId> trees() {
        List<String> paths = directories.keySet().stream()
                .sorted(Comparator.comparingLong((String p) -> p.chars().filter(c -> c == '/').count() + (p.isEmpty() ? 0 : 1))
                        .reversed())
                .toList();
        for (String path : paths) {
            Directory directory = directories.get(path);
            Node self = directory.self != null ? directory.self : defaultDirectory(path, firstEntry);
            if (path.isEmpty()) {
                return archive.tree(directory.entries, self);
            }
            CompletableFuture<ChunkId> tree = archive.tree(directory.entries, null);
            parentOf(path).entries.add(tree.thenApply(self::withSubtree));
        }
        throw new IllegalStateException("the root directory is always among them");
    }

    private static Node defaultDirectory(String path, Node owner) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        long now = System.currentTimeMillis() * 1_000_000L;
        return Node.builder().name(name).type(NodeType.DIRECTORY).mode(DEFAULT_DIRECTORY_MODE)
                .uid(owner == null ? 0 : owner.uid()).gid(owner == null ? 0 : owner.gid()).mtimeNanos(now).ctimeNanos(now)
                .links(1).build();
    }

    private static Node withType(Node node, NodeType type, String linkTarget) {
        return Node.builder().name(node.name()).type(type).mode(node.mode()).uid(node.uid()).gid(node.gid())
                .mtimeNanos(node.mtimeNanos()).ctimeNanos(node.ctimeNanos()).links(1).linkTarget(linkTarget).build();
    }

    private boolean readBlock() throws IOException {
        header.clear();
        while (header.hasRemaining()) {
            if (tar.read(header) < 0) {
                if (header.position() == 0) {
                    return false;
                }
                throw new EOFException(location + " ended inside a tar header");
            }
        }
        return true;
    }

    private void skipPadding(long size) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        skip(padding);
    }

    private void skipContent(long size) throws IOException {
        skip(size + (BLOCK - size % BLOCK) % BLOCK);
    }

    private void skip(long bytes) throws IOException {
        for (long left = bytes; left > 0; left -= BLOCK) {
            header.clear().limit((int) Math.min(BLOCK, left));
            while (header.hasRemaining()) {
                if (tar.read(header) < 0) {
                    throw new EOFException(location + " ended inside an entry");
                }
            }
        }
    }

    private void verifyChecksum(byte[] h) throws IOException {
        long recorded = number(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        if (sum != recorded) {
            throw new IOException(location + ": a tar header's checksum does not match: the archive is damaged");
        }
    }

    /** A numeric field: octal digits after optional spaces (ended by a space or NUL), or big-endian base-256 when its first bit is set. */
    private static long number(byte[] h, int offset, int length) {
        int end = offset + length;
        long value = 0;
        if ((h[offset] & 0x80) != 0) {
            value = h[offset] & 0x7F;
            for (int i = offset + 1; i < end; i++) {
                value = (value << 8) | (h[i] & 0xFF);
            }
            return value;
        }
        int i = offset;
        while (i < end && h[i] == ' ') {
            i++;
        }
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            value = value * 8 + (h[i] - '0');
        }
        return value;
    }

    /** A NUL-ended name field, as exact bytes. */
    private static String text(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return FileNames.decode(Arrays.copyOfRange(h, offset, end));
    }

    private static boolean allZero(ByteBuffer block) {
        byte[] bytes = block.array();
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** One entry's content: the next {@code size} bytes of the archive, then the end. */
    private static final class Bounded implements ReadableByteChannel {
        private final ReadableByteChannel in;
        private long left;

        Bounded(ReadableByteChannel in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left == 0) {
                return -1;
            }
            int limit = dst.limit();
            if (dst.remaining() > left) {
                dst.limit(dst.position() + (int) left);
            }
            try {
                int n = in.read(dst);
                if (n > 0) {
                    left -= n;
                }
                return n;
            } finally {
                dst.limit(limit);
            }
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() {
            // the archive's channel stays open for the next entry
        }
    }
}
