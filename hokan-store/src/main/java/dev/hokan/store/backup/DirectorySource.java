package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.posix.ExtendedAttribute;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.posix.FileStatus;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.posix.PosixException;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import dev.hokan.store.tree.TreeAhead;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * A directory of the local file system as a backup source: regular files, directories, symlinks, named pipes and
 * devices with their owners, modes, times and extended attributes (ACLs among them); names are kept byte for byte.
 * Entries are walked in name order, so a walk asked to finish early has stored a prefix of the source in the order its
 * trees list it. A file that changed while it was read is read once more.
 */
final class DirectorySource implements BackupSource {
    private final Path root;
    private BackupSource.Archive archive;

    DirectorySource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public CompletableFuture<ChunkId> read(BackupSource.Archive archive, Tree parent) throws IOException, InterruptedException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("backup source " + root + " is not a directory");
        }
        this.archive = archive;
        return directory(root, "", parent, root());
    }

    /** The source directory's own attributes, which the root tree keeps since no parent tree lists them. */
    private Node root() throws IOException {
        FileStatus a;
        try {
            a = Posix.status(root);
        } catch (IOException e) {
            throw new IOException("cannot read source directory " + root + ": " + e.getMessage(), e);
        }
        return entryOfType(found("", a), NodeType.DIRECTORY).build().withAttributes(attributes(root, "."));
    }

    /** One lstat per entry: the walk's own attributes say what is a regular file and how large. */
    @Override
    public boolean count(LongConsumer bytes) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    return Thread.currentThread().isInterrupted() ? FileVisitResult.TERMINATE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        bytes.accept(attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException unreadable) throws IOException {
                    if (file.equals(root)) {
                        throw unreadable;
                    }
                    // the backup itself reports unreadable entries
                    return FileVisitResult.CONTINUE;
                }
            });
            return !Thread.currentThread().isInterrupted();
        } catch (IOException unreadable) {
            // the count only feeds progress
            return false;
        }
    }

    /**
     * Walks a directory and returns its tree ID once every chunk below it is stored. The walk itself
     * never waits for workers, so reading the next directory overlaps with storing this one. Once the backup
     * is asked to finish, the entries not reached yet are counted and left out of the tree.
     */
    private CompletableFuture<ChunkId> directory(Path directory, String relative, Tree parent, Node self)
            throws IOException, InterruptedException {
        // Paths listed from a directory hold the exact bytes of their names, whatever their encoding.
        Map<String, Path> entries = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entry -> entries.put(FileNames.name(entry), entry));
        } catch (IOException e) {
            if (relative.isEmpty()) {
                throw new IOException("cannot read source directory " + directory + ": " + e.getMessage(), e);
            }
            archive.problem(relative, "directory could not be listed: " + describe(e));
        }
        List<CompletableFuture<Node>> nodes = new ArrayList<>(entries.size());
        ParentSubtrees parentSubtrees = new ParentSubtrees(parent, entries.keySet());
        for (Map.Entry<String, Path> named : entries.entrySet()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("backup stopped");
            }
            String name = named.getKey();
            Path entry = named.getValue();
            String path = relative.isEmpty() ? name : relative + "/" + name;
            if (archive.finishRequested()) {
                archive.notReached(path);
                continue;
            }
            FileStatus attributes;
            try {
                attributes = Posix.status(entry);
            } catch (IOException e) {
                archive.problem(path, "cannot read attributes: " + describe(e));
                continue;
            }
            Node previous = parent == null ? null : parent.find(name).orElse(null);
            CompletableFuture<Node> node = entry(entry, name, path, attributes, previous, parentSubtrees.next(name));
            if (node != null) {
                nodes.add(node);
            }
        }
        return archive.tree(nodes, self);
    }

    /**
     * The parent snapshot's trees of a directory's subdirectories, read ahead on the archive's workers a few at a
     * time, in the order the walk reaches them: reading and decrypting them one after another on the walking thread
     * was a third of an unchanged backup's samples (profiled). A few, so that memory stays bounded whatever a
     * directory holds.
     */
    private final class ParentSubtrees {
        private static final int AHEAD = 16;
        private final List<Node> directories = new ArrayList<>();
        private final TreeMap<String, TreeAhead> reading = new TreeMap<>();
        private int started;

        ParentSubtrees(Tree parent, Collection<String> names) {
            if (parent != null) {
                for (String name : names) {
                    parent.find(name).filter(node -> node.type() == NodeType.DIRECTORY && node.subtree() != null)
                            .ifPresent(directories::add);
                }
            }
        }

        /**
         * The subtree of the entry the walk is at, if the parent has one, once the next ones are being read. Entries are
         * walked in name order: those of the names before it were passed over (or are done).
         */
        TreeAhead next(String name) {
            reading.headMap(name).clear();
            while (started < directories.size() && reading.size() < AHEAD) {
                Node directory = directories.get(started++);
                reading.put(directory.name(), archive.parentTreeAhead(directory));
            }
            return reading.remove(name);
        }
    }

    private CompletableFuture<Node> entry(Path entry, String name, String path, FileStatus a, Node previous,
                                          TreeAhead parentSubtree) throws IOException, InterruptedException {
        Node found = found(name, a);
        if (a.isRegularFile() && previous != null) {
            CompletableFuture<Node> unchanged = archive.unchanged(found, previous);
            if (unchanged != null) {
                return unchanged;
            }
        }
        int mode = a.mode();
        Optional<NodeType> special = NodeType.specialOf(mode);
        if (a.isOther() && special.isEmpty()) {
            archive.skipped(path + " (" + ((mode & 0170000) == 0140000 ? "socket" : "special file") + ")");
            return null;
        }
        Node base = found.withAttributes(attributes(entry, path));
        if (a.isDirectory()) {
            Node directoryNode = entryOfType(base, NodeType.DIRECTORY).build();
            Tree parentTree = parentSubtree == null ? null : parentSubtree.get();
            return directory(entry, path, parentTree, null).thenApply(directoryNode::withSubtree);
        }
        if (a.isSymbolicLink()) {
            String target = Files.readSymbolicLink(entry).toString();
            return CompletableFuture.completedFuture(entryOfType(base, NodeType.SYMLINK).linkTarget(target).build());
        }
        if (special.isPresent()) {
            return CompletableFuture.completedFuture(entryOfType(base, special.get())
                    .deviceNumber(special.get() == NodeType.NAMED_PIPE ? 0 : a.rdev()).build());
        }
        return file(entry, path, base);
    }

    /** An entry as its attributes describe it, taken for a file until its type says otherwise. */
    private static Node found(String name, FileStatus a) {
        return Node.builder()
                .name(name)
                .type(NodeType.FILE)
                .mode(a.mode() & 07777)
                .uid(a.uid())
                .gid(a.gid())
                .mtimeNanos(a.mtimeNanos())
                .ctimeNanos(a.ctimeNanos())
                .inode(a.inode())
                .device(a.device())
                .links(a.links())
                .size(a.size())
                .build();
    }

    /** The entry's extended attributes (ACLs among them); one call for the usual entry that has none. */
    private List<ExtendedAttribute> attributes(Path entry, String path) {
        try {
            return Posix.extendedAttributes(entry);
        } catch (PosixException e) {
            archive.problem(path, "extended attributes could not be read: " + e.reason());
            return List.of();
        }
    }

    /** The entry, found as a file, as what its type says it is: a node that holds no data of its own. */
    private static Node.Builder entryOfType(Node found, NodeType type) {
        return found.toBuilder().type(type).size(0);
    }

    /**
     * Returns null when the file is left out: it could not be read, or the backup was asked to finish meanwhile. A file
     * that changed while it was read is read once more; if it changed again, that copy is kept, flagged inconsistent.
     */
    private CompletableFuture<Node> file(Path path, String relative, Node base) throws IOException, InterruptedException {
        Node before = base;
        for (boolean again = false; ; again = true) {
            BackupSource.Content content;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                content = archive.read(channel, before.size());
            } catch (ClosedByInterruptException e) {
                throw new InterruptedException("backup stopped");
            } catch (InterruptedIOException e) {
                throw new InterruptedException("backup stopped");
            } catch (IOException e) {
                archive.scanned(before);
                archive.problem(relative, "cannot be read: " + describe(e));
                return null;
            }
            if (content == null) {
                archive.notReached(relative);
                return null;
            }
            Node after;
            try {
                after = found(before.name(), Posix.status(path));
            } catch (IOException e) {
                archive.scanned(before);
                archive.problem(relative, "disappeared while being read");
                return archive.file(before, content, false);
            }
            if (content.length() == before.size() && before.sameFileAs(after)) {
                archive.scanned(before);
                return archive.file(before, content, false);
            }
            if (again) {
                archive.scanned(before);
                archive.inconsistent(relative);
                return archive.file(before, content, true);
            }
            archive.abandon(content);
            before = after.withAttributes(attributes(path, relative));
        }
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no longer exists";
            default -> e.getMessage() == null ? name : e.getMessage();
        };
    }
}
