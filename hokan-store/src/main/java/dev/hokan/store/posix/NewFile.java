package dev.hokan.store.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A regular file this process creates and holds open until it is complete: its content, then its owner, mode,
 * extended attributes and time, go through the one descriptor. The JDK changes a mode without following a symlink by
 * opening the file again, and an owner in two calls by name; for a restore of 46,000 small files those were 5 of the
 * 9 calls per file and 4 of the 5 name lookups (profiled). Until its mode is set, the file is its owner's alone: a
 * restore of a private file never leaves it readable by others while it fills. Linux only, as the rest of this package.
 */
public final class NewFile implements AutoCloseable {
    /** Until its mode is set: read and write for the owner alone. */
    private static final int CREATION_MODE = 0600;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private final Path path;
    private final int descriptor;
    private boolean closed;

    private static final class Natives {
        static final MethodHandle OPENAT = Posix.downcall("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle PWRITE = Posix.downcall("pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        static final MethodHandle FTRUNCATE = Posix.downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle FCHOWN = Posix.downcall("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle FCHMOD = Posix.downcall("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle FSETXATTR = Posix.downcall("fsetxattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle FUTIMENS = Posix.downcall("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle CLOSE = Posix.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private NewFile(Path path, int descriptor) {
        this.path = path;
        this.descriptor = descriptor;
    }

    /**
     * Creates the file {@code name} in {@code directory}; it must not exist (nor a symlink in its place): a
     * {@link java.nio.file.FileAlreadyExistsException} when something is there. With {@code direct}, its content goes
     * past the page cache; a file system that refuses that fails the call, and may have created the file first.
     */
    public static NewFile create(OpenDirectory directory, String name, boolean direct) throws IOException {
        int flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_CLOEXEC
                | OpenFlags.HERE.noFollow | (direct ? OpenFlags.HERE.direct : 0);
        Path path = FileNames.resolve(directory.path(), name);
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = FileNames.encode(name);
            MemorySegment cName = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, cName, JAVA_BYTE, 0, bytes.length);
            MemorySegment state = Posix.Linking.THREAD_STATE.get();
            int descriptor = (int) Posix.invoke(() -> (long) (int) Natives.OPENAT.invokeExact(state,
                    directory.descriptor(), cName, flags, CREATION_MODE));
            if (descriptor < 0) {
                throw Posix.failure("open", FileNames.decode(FileNames.bytes(path)), errno());
            }
            return new NewFile(path, descriptor);
        }
    }

    /** The file's path, for messages. */
    public Path path() {
        return path;
    }

    /** Writes the remaining bytes of {@code source}, a direct buffer, at {@code position}; the buffer's position advances. */
    public void write(ByteBuffer source, long position) throws IOException {
        MemorySegment bytes = MemorySegment.ofBuffer(source);
        long done = 0;
        while (done < bytes.byteSize()) {
            MemorySegment rest = bytes.asSlice(done);
            long at = position + done;
            long written = checked("pwrite", Posix.invoke(() -> (long) Natives.PWRITE.invokeExact(Posix.Linking.THREAD_STATE.get(),
                    descriptor, rest, rest.byteSize(), at)));
            if (written == 0) {
                throw new IOException("pwrite " + FileNames.decode(FileNames.bytes(path)) + ": the file system took no bytes");
            }
            done += written;
        }
        source.position(source.limit());
    }

    /** Cuts or extends the file to {@code size} bytes. */
    public void truncate(long size) throws IOException {
        checked("ftruncate", Posix.invoke(() -> (long) (int) Natives.FTRUNCATE.invokeExact(Posix.Linking.THREAD_STATE.get(), descriptor, size)));
    }

    /** Gives the file an owner and a group; this clears its set-user-ID and set-group-ID bits and file capabilities. */
    public void changeOwner(int uid, int gid) throws PosixException {
        checked("fchown", Posix.invoke(() -> (long) (int) Natives.FCHOWN.invokeExact(Posix.Linking.THREAD_STATE.get(), descriptor, uid, gid)));
    }

    /** Sets the permission bits, with the set-user-ID, set-group-ID and sticky bits. */
    public void changeMode(int mode) throws PosixException {
        checked("fchmod", Posix.invoke(() -> (long) (int) Natives.FCHMOD.invokeExact(Posix.Linking.THREAD_STATE.get(), descriptor, mode)));
    }

    /** Sets one extended attribute, creating or replacing it. */
    public void setExtendedAttribute(ExtendedAttribute attribute) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(attribute.name());
            byte[] bytes = attribute.value();
            MemorySegment value = arena.allocate(Math.max(bytes.length, 1));
            MemorySegment.copy(bytes, 0, value, JAVA_BYTE, 0, bytes.length);
            checked("fsetxattr " + attribute.name(), Posix.invoke(() -> (long) (int) Natives.FSETXATTR.invokeExact(
                    Posix.Linking.THREAD_STATE.get(), descriptor, name, value, (long) bytes.length, 0)));
        }
    }

    /** Sets the modification time to the nanosecond, before 1970 too, leaving the access time. */
    public void setModifiedTime(long nanos) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 1, UTIME_OMIT);
            times.setAtIndex(JAVA_LONG, 2, Math.floorDiv(nanos, 1_000_000_000L));
            times.setAtIndex(JAVA_LONG, 3, Math.floorMod(nanos, 1_000_000_000L));
            checked("futimens", Posix.invoke(() -> (long) (int) Natives.FUTIMENS.invokeExact(Posix.Linking.THREAD_STATE.get(), descriptor, times)));
        }
    }

    /** Closes the descriptor, once; the error a file system reports only at close (NFS, a full disk) is thrown. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // never retried: Linux releases the descriptor even when close fails
        checked("close", Posix.invoke(() -> (long) (int) Natives.CLOSE.invokeExact(Posix.Linking.THREAD_STATE.get(), descriptor)));
    }

    private long checked(String call, long result) throws PosixException {
        if (result >= 0) {
            return result;
        }
        int errno = errno();
        throw new PosixException(call, FileNames.decode(FileNames.bytes(path)), errno, Posix.text(errno));
    }

    private static int errno() {
        return (int) Posix.Linking.ERRNO.get(Posix.Linking.THREAD_STATE.get(), 0L);
    }
}
