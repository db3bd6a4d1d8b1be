package dev.hokan.store.backup;

import dev.hokan.store.ChunkId;
import dev.hokan.store.posix.ExtendedAttribute;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.posix.FileStatus;
import dev.hokan.store.posix.OpenDirectory;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.posix.PosixException;
import dev.hokan.store.posix.SourceFile;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.NodeType;
import dev.hokan.store.tree.Tree;
import dev.hokan.store.tree.TreeAhead;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
        try (OpenDirectory top = openRoot()) {
            return directory(top, "", parent, root(top));
        }
    }

    private OpenDirectory openRoot() throws IOException {
        try {
            return OpenDirectory.open(root);
        } catch (IOException e) {
            throw new IOException("cannot read source directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The source directory's own attributes, which the root tree keeps since no parent tree lists them. */
    private Node root(OpenDirectory top) throws IOException {
        FileStatus a;
        try {
            a = top.status();
        } catch (IOException e) {
            throw new IOException("cannot read source directory " + root + ": " + e.getMessage(), e);
        }
        return entryOfType(found("", a), NodeType.DIRECTORY).build().withAttributes(attributes(top, "."));
    }

    /** One status per entry, walked as the backup walks: what is a regular file, and how large. */
    @Override
    public boolean count(LongConsumer bytes) {
        try (OpenDirectory top = OpenDirectory.open(root)) {
            return count(top, bytes);
        } catch (IOException unreadable) {
            // the count only feeds progress
            return false;
        }
    }

    /** False once the counting thread is interrupted; what cannot be read is left out (the backup reports it). */
    private static boolean count(OpenDirectory directory, LongConsumer bytes) {
        List<String> names;
        try {
            names = directory.names();
        } catch (IOException unreadable) {
            return true;
        }
        for (String name : names) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            try {
                FileStatus status = directory.status(name);
                if (status.isRegularFile()) {
                    bytes.accept(status.size());
                } else if (status.isDirectory()) {
                    try (OpenDirectory below = directory.directory(name)) {
                        if (!count(below, bytes)) {
                            return false;
                        }
                    }
                }
            } catch (IOException unreadable) {
                // left out
            }
        }
        return !Thread.currentThread().isInterrupted();
    }

    /**
     * Walks a directory and returns its tree ID once every chunk below it is stored. The walk itself
     * never waits for workers, so reading the next directory overlaps with storing this one. Once the backup
     * is asked to finish, the entries not reached yet are counted and left out of the tree.
     */
    private CompletableFuture<ChunkId> directory(OpenDirectory directory, String relative, Tree parent, Node self)
            throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        try {
            names.addAll(directory.names());
        } catch (IOException e) {
            if (relative.isEmpty()) {
                throw new IOException("cannot read source directory " + directory.path() + ": " + e.getMessage(), e);
            }
            archive.problem(relative, "directory could not be listed: " + describe(e));
        }
        names.sort(null);
        List<CompletableFuture<Node>> nodes = new ArrayList<>(names.size());
        ParentSubtrees parentSubtrees = new ParentSubtrees(parent, names);
        for (String name : names) {
            if (Thread.interrupted()) {
                throw new InterruptedException("backup stopped");
            }
            String path = relative.isEmpty() ? name : relative + "/" + name;
            if (archive.finishRequested()) {
                archive.notReached(path);
                continue;
            }
            FileStatus attributes;
            try {
                attributes = directory.status(name);
            } catch (IOException e) {
                archive.problem(path, "cannot read attributes: " + describe(e));
                continue;
            }
            Node previous = parent == null ? null : parent.find(name).orElse(null);
            CompletableFuture<Node> node =
                    entry(directory, name, path, attributes, previous, parentSubtrees.next(name));
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

    private CompletableFuture<Node> entry(OpenDirectory directory, String name, String path, FileStatus a,
                                          Node previous, TreeAhead parentSubtree)
            throws IOException, InterruptedException {
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
        if (a.isRegularFile()) {
            return file(directory, name, path, found);
        }
        if (a.isDirectory()) {
            return subdirectory(directory, name, path, found, parentSubtree);
        }
        Path entry = FileNames.resolve(directory.path(), name);
        Node base = found.withAttributes(attributes(entry, path));
        if (a.isSymbolicLink()) {
            String target = Files.readSymbolicLink(entry).toString();
            return CompletableFuture.completedFuture(entryOfType(base, NodeType.SYMLINK).linkTarget(target).build());
        }
        NodeType type = special.orElseThrow();
        return CompletableFuture.completedFuture(entryOfType(base, type)
                .deviceNumber(type == NodeType.NAMED_PIPE ? 0 : a.rdev()).build());
    }

    /** A directory that cannot be opened is kept, its attributes read by path, with no entries and a problem. */
    private CompletableFuture<Node> subdirectory(OpenDirectory parent, String name, String path, Node found,
                                                 TreeAhead parentSubtree) throws IOException, InterruptedException {
        Node.Builder directoryNode = entryOfType(found, NodeType.DIRECTORY);
        OpenDirectory directory;
        try {
            directory = parent.directory(name);
        } catch (IOException e) {
            archive.problem(path, "directory could not be listed: " + describe(e));
            Path entry = FileNames.resolve(parent.path(), name);
            Node unlisted = directoryNode.build().withAttributes(attributes(entry, path));
            return archive.tree(List.of(), null).thenApply(unlisted::withSubtree);
        }
        try (directory) {
            Node listed = directoryNode.build().withAttributes(attributes(directory, path));
            Tree parentTree = parentSubtree == null ? null : parentSubtree.get();
            return directory(directory, path, parentTree, null).thenApply(listed::withSubtree);
        }
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
        return attributes(() -> Posix.extendedAttributes(entry), path);
    }

    private List<ExtendedAttribute> attributes(OpenDirectory directory, String path) {
        return attributes(directory::extendedAttributes, path);
    }

    private List<ExtendedAttribute> attributes(SourceFile file, String path) {
        return attributes(file::extendedAttributes, path);
    }

    private interface AttributeRead {
        List<ExtendedAttribute> read() throws PosixException;
    }

    private List<ExtendedAttribute> attributes(AttributeRead read, String path) {
        try {
            return read.read();
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
     * What is stored of the file (its status, extended attributes and content, and the status compared after reading)
     * all comes through one descriptor.
     */
    private CompletableFuture<Node> file(OpenDirectory directory, String name, String relative, Node found)
            throws IOException, InterruptedException {
        Node before = found;
        for (boolean again = false; ; again = true) {
            BackupSource.Content content;
            Node after;
            try (SourceFile file = directory.file(name)) {
                FileStatus opened = file.status();
                if (!opened.isRegularFile()) {
                    // a named pipe or a device put in the file's place: reading one might never end
                    archive.scanned(before);
                    archive.problem(relative, "replaced by something other than a regular file before it was read");
                    return null;
                }
                before = found(name, opened).withAttributes(attributes(file, relative));
                content = archive.read(file, before.size());
                if (content == null) {
                    archive.notReached(relative);
                    return null;
                }
                try {
                    after = found(name, file.status());
                } catch (IOException e) {
                    archive.abandon(content);
                    throw e;
                }
            } catch (ClosedByInterruptException e) {
                throw new InterruptedException("backup stopped");
            } catch (InterruptedIOException e) {
                throw new InterruptedException("backup stopped");
            } catch (IOException e) {
                archive.scanned(before);
                archive.problem(relative, "cannot be read: " + describe(e));
                return null;
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
