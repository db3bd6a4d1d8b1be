package dev.hokan.store.restore;

import dev.hokan.store.io.HeldOpen;
import dev.hokan.store.posix.FileNames;
import dev.hokan.store.posix.OpenDirectory;
import dev.hokan.store.posix.PosixException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The directories of a restore's target, held open and reached from the target's own descriptor one name at a time,
 * never through a symlink. Every entry a restore makes, changes or removes is named in its parent's descriptor: a
 * directory of the target swapped for a symlink while the restore runs (by anyone who may write there, as the owner of
 * a home directory restored in place may) cannot lead a write or a removal outside the target. The swapped name is
 * refused; a directory already open stays the one written to, wherever it was moved. Beyond {@link #LIMIT} open
 * directories the least recently used one is closed, once no call is using it.
 */
final class TargetDirectories implements AutoCloseable {
    private static final int LIMIT = 64;

    /** A call on the entry {@code name} of the directory {@code parent}, held open while it runs. */
    @FunctionalInterface
    interface EntryCall<T> {
        T on(OpenDirectory parent, String name) throws IOException;
    }

    private final Path target;
    private final OpenDirectory root;
    private final HeldOpen<Path, OpenDirectory> below = new HeldOpen<>(LIMIT, OpenDirectory::close);

    /** Opens {@code target}, which must be a directory itself, not a symlink to one. */
    TargetDirectories(Path target) throws IOException {
        this.target = target;
        this.root = OpenDirectory.open(target);
    }

    /**
     * Runs {@code call} on the entry at {@code path}, which lies under the target. A failure names the entry by
     * {@code path}, not by the {@link OpenDirectory#entryPath} the call may have used.
     */
    <T> T at(Path path, EntryCall<T> call) throws IOException {
        try {
            return in(path.getParent(), parent -> call.on(parent, FileNames.name(path)));
        } catch (FileSystemException | PosixException failure) {
            throw shownAs(failure, path.toString());
        }
    }

    /** After the directory at {@code path} was removed: what is held of it and below it is let go. */
    void forget(Path path) {
        below.letGo(directory -> directory.startsWith(path));
    }

    private interface DirectoryCall<T> {
        T on(OpenDirectory directory) throws IOException;
    }

    /** Runs {@code call} on the directory at {@code path}, the target or one under it, held open while it runs. */
    private <T> T in(Path directory, DirectoryCall<T> call) throws IOException {
        if (directory == null || !directory.startsWith(target)) {
            throw new IllegalArgumentException("not under the restore target " + target);
        }
        if (directory.equals(target)) {
            return call.on(root);
        }
        HeldOpen.Held<OpenDirectory> held = below.acquire(directory, this::open);
        try {
            return call.on(held.value());
        } finally {
            below.release(held);
        }
    }

    private OpenDirectory open(Path directory) throws IOException {
        return in(directory.getParent(), parent -> {
            try {
                return parent.directory(FileNames.name(directory));
            } catch (NoSuchFileException notADirectory) {
                throw new NoSuchFileException(directory.toString(), null, "not a directory of the restore: gone, or"
                        + " something else (a symlink?) took its place while the restore ran; nothing is written there");
            }
        });
    }

    private static IOException shownAs(IOException failure, String path) {
        String message = failure.getMessage();
        if (message == null || !message.contains(OpenDirectory.DESCRIPTOR_PATHS)) {
            return failure;
        }
        IOException shown = switch (failure) {
            case PosixException posix -> posix.on(path);
            case NoSuchFileException e -> new NoSuchFileException(path, null, e.getReason());
            case FileAlreadyExistsException e -> new FileAlreadyExistsException(path, null, e.getReason());
            case AccessDeniedException e -> new AccessDeniedException(path, null, e.getReason());
            case DirectoryNotEmptyException e -> new DirectoryNotEmptyException(path);
            case FileSystemException e -> new FileSystemException(path, null, e.getReason());
            default -> failure;
        };
        if (shown != failure && shown.getCause() == null) {
            shown.initCause(failure);
        }
        return shown;
    }

    @Override
    public void close() {
        below.letGo(directory -> true);
        root.close();
    }
}
