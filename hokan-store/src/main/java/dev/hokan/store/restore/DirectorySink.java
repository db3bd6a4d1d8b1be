package dev.hokan.store.restore;

import dev.hokan.store.FileProblem;
import dev.hokan.store.posix.ExtendedAttribute;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.posix.NewFile;
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
 * A directory of the local file system as a restore sink. Nothing is written outside it: existing symlinks are never
 * followed. Files are written by {@link RestoredFile}, large ones with direct I/O where the file system allows it, and
 * get their metadata through the descriptor they were written through.
 */
final class DirectorySink implements RestoreSink<Path> {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final boolean ROOT = Posix.effectiveUserIsRoot();

    private final Path requested;
    private final boolean overwrite;
    /** What could not be restored exactly (extended attributes a file system refuses, devices without the right to make them). */
    private final Queue<FileProblem> problems = new ConcurrentLinkedQueue<>();
    private Path target;
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
        writing = new RestoredFile.Writing(target, this::fileMetadata);
        nothingInTheWay = !overwrite && whole;
        return target;
    }

    /** The target may hold what an earlier run wrote: whatever is in the way of an entry is replaced. */
    @Override
    public Path reopen(boolean whole) throws IOException {
        target = prepareTarget(requested, true);
        writing = new RestoredFile.Writing(target, this::fileMetadata);
        nothingInTheWay = false;
        return target;
    }

    /** A regular file (not a link to one) of the size and modification time the restore gives it. */
    @Override
    public boolean holds(Path path, Node node, long size) throws IOException {
        BasicFileAttributes found;
        try {
            found = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
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
        if (!Files.isDirectory(path, NOFOLLOW)) {
            removeExisting(path);
            Files.createDirectory(path);
        }
    }

    @Override
    public void symlink(Path path, Node node) throws IOException {
        removeExisting(path);
        Files.createSymbolicLink(path, linkTarget(node));
        applyOwnership(path, node);
        applyAttributes(path, node);
        Posix.setModifiedTime(path, node.mtimeNanos());
    }

    /** Named pipes and devices are made again, as tar does; making a device needs root (CAP_MKNOD). */
    @Override
    public void special(Path path, Node node) throws IOException {
        removeExisting(path);
        try {
            Posix.makeNode(path, node.type().modeBits() | node.mode(), node.deviceNumber());
        } catch (PosixException refused) {
            problems.add(new FileProblem(relative(path), node.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " not recreated: " + refused.reason()));
            return;
        }
        metadata(path, node);
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
        removeExisting(path);
        return writing.create(path, size);
    }

    @Override
    public void link(Path path, Path first) throws IOException {
        removeExisting(path);
        Files.createLink(path, first);
    }

    private void removeExisting(Path path) throws IOException {
        if (nothingInTheWay) {
            return;
        }
        if (Files.isDirectory(path, NOFOLLOW)) {
            try (var walk = Files.walk(path)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    /**
     * For a directory, or a named pipe or device just made. Ownership first: changing it clears set-user-ID bits and
     * file capabilities, which the mode and attributes then set.
     */
    @Override
    public void metadata(Path path, Node node) throws IOException {
        applyOwnership(path, node);
        if (node.type().special()) {
            // The JDK opens a file to change its mode, which for a named pipe waits for a writer.
            Posix.changeMode(path, node.mode());
        } else {
            Files.setAttribute(path, "unix:mode", node.mode(), NOFOLLOW);
        }
        applyAttributes(path, node);
        Posix.setModifiedTime(path, node.mtimeNanos());
    }

    private void applyAttributes(Path path, Node node) {
        for (ExtendedAttribute attribute : node.attributes()) {
            try {
                Posix.setExtendedAttribute(path, attribute);
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
