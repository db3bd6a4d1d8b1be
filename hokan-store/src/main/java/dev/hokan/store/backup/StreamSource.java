package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One stream of bytes as a backup source, such as a tool's output: stored as a single file, owned by root with mode
 * 0600 and the time it was read, at the root of the snapshot. A stream has no identity to compare with the previous
 * snapshot's, so it is read in full every time; unchanged chunks are still stored only once.
 */
final class StreamSource implements BackupSource {
    private static final int FILE_MODE = 0600;
    private static final int DIRECTORY_MODE = 0700;

    private final String name;
    private final ReadableByteChannel content;

    StreamSource(String name, ReadableByteChannel content) {
        this.name = fileName(name);
        this.content = content;
    }

    /** {@code name} when it can name a file at the snapshot's root. */
    static String fileName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a stream is stored under a file name without '/' or NUL, not '" + name + "'");
        }
        return name;
    }

    @Override
    public String location() {
        return name;
    }

    /** A stream that cannot be read to its end fails the backup: a tool's output cut short is no backup of it. */
    @Override
    public CompletableFuture<ChunkId> read(BackupSource.Archive archive, Tree parent) throws IOException, InterruptedException {
        long now = TimeUnit.MILLISECONDS.toNanos(Instant.now().toEpochMilli());
        Node root = Node.builder()
                .name("")
                .type(NodeType.DIRECTORY)
                .mode(DIRECTORY_MODE)
                .uid(0)
                .gid(0)
                .mtimeNanos(now)
                .ctimeNanos(now)
                .inode(0)
                .device(0)
                .links(1)
                .size(0)
                .build();
        BackupSource.Content read = archive.read(content, -1);
        if (read == null) {
            archive.notReached(name);
            return archive.tree(List.of(), root);
        }
        Node file = Node.builder()
                .name(name)
                .type(NodeType.FILE)
                .mode(FILE_MODE)
                .uid(0)
                .gid(0)
                .mtimeNanos(now)
                .ctimeNanos(now)
                .inode(0)
                .device(0)
                .links(1)
                .size(read.length())
                .build();
        archive.scanned(file);
        return archive.tree(List.of(archive.file(file, read, false)), root);
    }
}
