package dev.hokan.store.restore;

import dev.hokan.store.FileProblem;
import dev.hokan.store.posix.ExtendedAttribute;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.posix.NewFile;
import dev.hokan.store.posix.OpenDirectory;
import dev.hokan.store.posix.Posix;
import dev.hokan.store.posix.PosixException;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A directory of the local file system as a restore sink. Nothing is written outside it: symlinks are never followed,
 * neither one in an entry's place nor one swapped in for a directory above it while the restore runs, since every
 * entry is made in its parent's descriptor ({@link TargetDirectories}). Files are written by {@link RestoredFile}, large
 * ones with direct I/O where the file system allows it, and get their metadata through the descriptor they were
 * written through.
 */
final class DirectorySink implements RestoreSink<Path> {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final boolean ROOT = Posix.effectiveUserIsRoot();

    private final Path requested;
    private final boolean overwrite;
    /** What could not be restored exactly (extended attributes a file system refuses, devices without the right to make them). */
    private final Queue<FileProblem> problems = new ConcurrentLinkedQueue<>();
    private Path target;
    private TargetDirectories directories;
    private RestoredFile.Writing writing;
    // Restoring everything into a target found empty, nothing can be in the way: no file needs a look first.
    private boolean nothingInTheWay;

    DirectorySink(Path target, boolean overwrite) {
        this.requested = target;
        this.overwrite = overwrite;
    }

    @Override
    public Path open(boolean whole) throws IOException {
        target = prepareTarget(requested, overwrite);
        start();
        nothingInTheWay = !overwrite && whole;
        return target;
    }

    /** The target may hold what an earlier run wrote: whatever is in the way of an entry is replaced. */
    @Override
    public Path reopen(boolean whole) throws IOException {
        target = prepareTarget(requested, true);
        start();
        nothingInTheWay = false;
        return target;
    }

    private void start() throws IOException {
        ended();
        directories = new TargetDirectories(target);
        writing = new RestoredFile.Writing(target, this::fileMetadata);
    }

    @Override
    public void ended() {
        if (directories != null) {
            directories.close();
            directories = null;
        }
    }

    /** A regular file (not a link to one) of the size and modification time the restore gives it. */
    @Override
    public boolean holds(Path path, Node node, long size) throws IOException {
        BasicFileAttributes found;
        try {
            found = directories.at(path, (parent, name) ->
                    Files.readAttributes(parent.entryPath(name), BasicFileAttributes.class, NOFOLLOW));
        } catch (NoSuchFileException gone) {
            return false;
        }
        return found.isRegularFile() && found.size() == size
                && found.lastModifiedTime().compareTo(FileTime.from(node.mtimeNanos(), TimeUnit.NANOSECONDS)) == 0;
    }

    private static Path prepareTarget(Path requested, boolean overwrite) throws IOException {
        Path target = requested.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(target)) {
            throw new IOException("restore target " + target + " is a symbolic link");
        }
        if (Files.exists(target)) {
            if (!Files.isDirectory(target, NOFOLLOW)) {
                throw new IOException("restore target " + target + " exists and is not a directory");
            }
            if (!overwrite) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
                    if (entries.iterator().hasNext()) {
                        throw new TargetNotEmptyException(target);
                    }
                }
            }
        } else {
            Files.createDirectories(target);
        }
        return target;
    }

    @Override
    public Path child(Path directory, String name) {
        return FileNames.resolve(directory, name);
    }

    @Override
    public String relative(Path path) {
        String relative = target.relativize(path).toString();
        return relative.isEmpty() ? "." : relative;
    }

    @Override
    public void directory(Path path) throws IOException {
        directories.at(path, (parent, name) -> {
            Path entry = parent.entryPath(name);
            if (!Files.isDirectory(entry, NOFOLLOW)) {
                removeExisting(parent, name, path);
                Files.createDirectory(entry);
            }
            return null;
        });
    }

    @Override
    public void symlink(Path path, Node node) throws IOException {
        directories.at(path, (parent, name) -> {
            removeExisting(parent, name, path);
            Path entry = parent.entryPath(name);
            Files.createSymbolicLink(entry, linkTarget(node));
            applyOwnership(entry, node);
            applyAttributes(entry, path, node);
            Posix.setModifiedTime(entry, node.mtimeNanos());
            return null;
        });
    }

    /** Named pipes and devices are made again, as tar does; making a device needs root (CAP_MKNOD). */
    @Override
    public void special(Path path, Node node) throws IOException {
        directories.at(path, (parent, name) -> {
            removeExisting(parent, name, path);
            Path entry = parent.entryPath(name);
            try {
                Posix.makeNode(entry, node.type().modeBits() | node.mode(), node.deviceNumber());
            } catch (PosixException refused) {
                problems.add(new FileProblem(relative(path), node.type().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ') + " not recreated: " + refused.reason()));
                return null;
            }
            metadata(entry, path, node);
            return null;
        });
    }

    private static Path linkTarget(Node node) throws IOException {
        try {
            return Path.of(node.linkTarget());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IOException("refusing to restore symlink " + node.name() + ": its target is not a valid path");
        }
    }

    @Override
    public RestoreSink.ContentWriter file(Path path, long size) throws IOException {
        return directories.at(path, (parent, name) -> {
            removeExisting(parent, name, path);
            return writing.create(parent, name, size, () -> remove(path));
        });
    }

    private void remove(Path path) throws IOException {
        directories.at(path, (parent, name) -> Files.deleteIfExists(parent.entryPath(name)));
    }

    @Override
    public void link(Path path, Path first) throws IOException {
        directories.at(path, (parent, name) -> {
            removeExisting(parent, name, path);
            return directories.at(first, (firstParent, firstName) ->
                    Files.createLink(parent.entryPath(name), firstParent.entryPath(firstName)));
        });
    }

    private void removeExisting(OpenDirectory parent, String name, Path path) throws IOException {
        if (nothingInTheWay) {
            return;
        }
        Path entry = parent.entryPath(name);
        if (Files.isDirectory(entry, NOFOLLOW)) {
            removeTree(parent, name);
            directories.forget(path);
        } else {
            Files.deleteIfExists(entry);
        }
    }

    /** Removes a directory and all it holds, each entry by its name in its own directory's descriptor. */
    private static void removeTree(OpenDirectory parent, String name) throws IOException {
        try (OpenDirectory directory = parent.directory(name)) {
            for (String entry : directory.names()) {
                if (directory.status(entry).isDirectory()) {
                    removeTree(directory, entry);
                } else {
                    Files.delete(directory.entryPath(entry));
                }
            }
        }
        Files.delete(parent.entryPath(name));
    }

    /**
     * For a directory, or a named pipe or device just made. Ownership first: changing it clears set-user-ID bits and
     * file capabilities, which the mode and attributes then set.
     */
    @Override
    public void metadata(Path path, Node node) throws IOException {
        if (path.equals(target)) {
            metadata(target, path, node);
        } else {
            directories.at(path, (parent, name) -> {
                metadata(parent.entryPath(name), path, node);
                return null;
            });
        }
    }

    /** {@link #metadata(Path, Node)} through {@code entry}, a path to the entry at {@code path}. */
    private void metadata(Path entry, Path path, Node node) throws IOException {
        applyOwnership(entry, node);
        if (node.type().special()) {
            // The JDK opens a file to change its mode, which for a named pipe waits for a writer.
            Posix.changeMode(entry, node.mode());
        } else {
            Files.setAttribute(entry, "unix:mode", node.mode(), NOFOLLOW);
        }
        applyAttributes(entry, path, node);
        Posix.setModifiedTime(entry, node.mtimeNanos());
    }

    private void applyAttributes(Path entry, Path path, Node node) {
        for (ExtendedAttribute attribute : node.attributes()) {
            try {
                Posix.setExtendedAttribute(entry, attribute);
            } catch (PosixException refused) {
                attributeRefused(path, attribute, refused);
            }
        }
    }

    /** A restored file's metadata, through its descriptor, in the order {@link #metadata} keeps. */
    private void fileMetadata(NewFile file, Path path, Node node) throws IOException {
        if (ROOT) {
            try {
                file.changeOwner(node.uid(), node.gid());
            } catch (PosixException ignoredOwnership) {
                // the file system may not support ownership; content and modes still restore
            }
        }
        file.changeMode(node.mode());
        for (ExtendedAttribute attribute : node.attributes()) {
            try {
                file.setExtendedAttribute(attribute);
            } catch (PosixException refused) {
                attributeRefused(path, attribute, refused);
            }
        }
        file.setModifiedTime(node.mtimeNanos());
    }

    /** Extended attributes the target refuses (its file system lacks them, or their size) are reported, not fatal. */
    private void attributeRefused(Path path, ExtendedAttribute attribute, PosixException refused) {
        problems.add(new FileProblem(relative(path), "extended attribute " + attribute.name() + " not restored: "
                + refused.reason()));
    }

    private static void applyOwnership(Path path, Node node) {
        if (ROOT) {
            try {
                Posix.changeOwner(path, node.uid(), node.gid());
            } catch (PosixException ignoredOwnership) {
                // the file system may not support ownership; content and modes still restore
            }
        }
    }

    @Override
    public Collection<FileProblem> problems() {
        return problems;
    }
}
