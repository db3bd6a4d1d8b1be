package dev.hokan.store.restore;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** An open directory and how many calls are using it. */
    private static final class Held {
        final OpenDirectory directory;
        int users;
        boolean retired;

        Held(OpenDirectory directory) {
            this.directory = directory;
        }
    }

    private final Path target;
    private final Held root;
    private final LinkedHashMap<Path, Held> open = new LinkedHashMap<>(16, 0.75f, true);

    /** Opens {@code target}, which must be a directory itself, not a symlink to one. */
    TargetDirectories(Path target) throws IOException {
        this.target = target;
        this.root = new Held(OpenDirectory.open(target));
    }

    /**
     * Runs {@code call} on the entry at {@code path}, which lies under the target. A failure names the entry by
     * {@code path}, not by the {@link OpenDirectory#entryPath} the call may have used.
     */
    <T> T at(Path path, EntryCall<T> call) throws IOException {
        Held parent = acquire(path.getParent());
        try {
            return call.on(parent.directory, FileNames.name(path));
        } catch (FileSystemException | PosixException failure) {
            throw shownAs(failure, path.toString());
        } finally {
            release(parent);
        }
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

    /** After the directory at {@code path} was removed: what is held of it and below it is let go. */
    synchronized void forget(Path path) {
        Iterator<Map.Entry<Path, Held>> entries = open.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Path, Held> entry = entries.next();
            if (entry.getKey().startsWith(path)) {
                retire(entry.getValue());
                entries.remove();
            }
        }
    }

    private synchronized Held acquire(Path directory) throws IOException {
        if (directory == null || !directory.startsWith(target)) {
            throw new IllegalArgumentException("not under the restore target " + target);
        }
        Held held = directory.equals(target) ? root : open.get(directory);
        if (held == null) {
            Held parent = acquire(directory.getParent());
            try {
                held = new Held(parent.directory.directory(FileNames.name(directory)));
            } catch (NoSuchFileException notADirectory) {
                throw new NoSuchFileException(directory.toString(), null, "not a directory of the restore: gone, or"
                        + " something else (a symlink?) took its place while the restore ran; nothing is written there");
            } finally {
                release(parent);
            }
            open.put(directory, held);
            closeBeyondLimit();
        }
        held.users++;
        return held;
    }

    private synchronized void release(Held held) {
        held.users--;
        if (held.retired && held.users == 0) {
            held.directory.close();
        }
    }

    private void closeBeyondLimit() {
        Iterator<Held> eldest = open.values().iterator();
        while (open.size() > LIMIT && eldest.hasNext()) {
            retire(eldest.next());
            eldest.remove();
        }
    }

    private static void retire(Held held) {
        held.retired = true;
        if (held.users == 0) {
            held.directory.close();
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(TargetDirectories::retire);
        open.clear();
        retire(root);
    }
}
