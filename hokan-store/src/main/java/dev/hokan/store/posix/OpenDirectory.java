package dev.hokan.store.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A directory held open while a backup reads it: its entries are listed, looked at and opened by name relative to
 * its descriptor, and a subdirectory is opened the same way, never following a symlink. A walk by full path looked up
 * every component of every entry's path three or four times (6% of a small-files backup's CPU, profiled), and a
 * directory swapped for a symlink while the walk ran would have led it outside the source.
 */
public final class OpenDirectory implements AutoCloseable {
    /** Where Linux shows this process's descriptors, each as a link to what it is open on. */
    public static final String DESCRIPTOR_PATHS = "/proc/self/fd";
    private static final int LISTING_BYTES = 32 * 1024;
    /** A linux_dirent64: inode (8 bytes), offset (8), record length (2), type (1), then the name ended by a zero. */
    private static final int RECORD_LENGTH_AT = 16;
    private static final int NAME_AT = 19;

    private final Path path;
    private final int descriptor;
    private boolean closed;

    private static final class Natives {
        static final MethodHandle OPENAT = Posix.downcall("openat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle CLOSE = Posix.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle FLISTXATTR = Posix.downcall("flistxattr",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle FGETXATTR = Posix.downcall("fgetxattr",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    }

    /** Null where the C library has no getdents64 (glibc before 2.30): the names are then listed through the JDK. */
    private static final class Listing {
        static final MethodHandle GETDENTS = Posix.Linking.LINKER.defaultLookup().find("getdents64")
                .map(address -> Posix.Linking.LINKER.downcallHandle(address,
                        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                        Linker.Option.captureCallState("errno")))
                .orElse(null);
    }

    private OpenDirectory(Path path, int descriptor) {
        this.path = path;
        this.descriptor = descriptor;
    }

    /** Opens the directory at {@code path}, which must be a directory itself, not a symlink to one. */
    public static OpenDirectory open(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Posix.Call call = new Posix.Call(arena, path);
            return new OpenDirectory(path, open(call, Posix.AT_FDCWD, call.path, directoryFlags()));
        }
    }

    /**
     * Opens the subdirectory {@code name}: a {@link java.nio.file.NoSuchFileException} when it is gone or no
     * directory, a {@link PosixException} when a symlink has taken its name.
     */
    public OpenDirectory directory(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Posix.Call call = entryCall(arena, name);
            return new OpenDirectory(FileNames.resolve(path, name), open(call, descriptor, entryName(arena, name),
                    directoryFlags()));
        }
    }

    /**
     * Opens the regular file {@code name} for reading; a symlink in its place is refused. A named pipe put in its place
     * is opened without waiting for a writer (a regular file ignores {@code O_NONBLOCK}), and its status says so.
     */
    public SourceFile file(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Posix.Call call = entryCall(arena, name);
            int flags = OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.HERE.noFollow;
            return new SourceFile(path, name, open(call, descriptor, entryName(arena, name), flags));
        }
    }

    private static int directoryFlags() {
        return OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC | OpenFlags.HERE.noFollow | OpenFlags.HERE.directory;
    }

    static int open(Posix.Call call, int directory, MemorySegment name, int flags) throws IOException {
        int opened = (int) call.result(
                () -> (long) (int) Natives.OPENAT.invokeExact(call.state, directory, name, flags, 0));
        if (opened < 0) {
            throw Posix.failure("open", call.shown(), (int) Posix.Linking.ERRNO.get(call.state, 0L));
        }
        return opened;
    }

    /** The path this directory was opened by, for messages. */
    public Path path() {
        return path;
    }

    /**
     * A path to the entry {@code name} that reaches this directory through its descriptor, not through the names above
     * it: for the calls that have no form relative to a descriptor. It is good while this directory is open.
     */
    public Path entryPath(String name) {
        return FileNames.resolve(Path.of(DESCRIPTOR_PATHS, Integer.toString(descriptor)), name);
    }

    /**
     * A path to this directory through this process's descriptor, for a program this process runs (which does not
     * inherit the descriptor): good while this directory is open.
     */
    public Path pathForChildren() {
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(descriptor));
    }

    int descriptor() {
        return descriptor;
    }

    /** The names of the entries, byte for byte, in the order the file system lists them; not "." and "..". */
    public List<String> names() throws IOException {
        if (Listing.GETDENTS == null) {
            return namesThroughJdk();
        }
        List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            Posix.Call call = new Posix.Call(arena, () -> shown(path));
            MemorySegment buffer = arena.allocate(LISTING_BYTES, 8);
            while (true) {
                long filled = call.result(() -> (long) Listing.GETDENTS.invokeExact(call.state, descriptor, buffer,
                        (long) LISTING_BYTES));
                if (filled < 0) {
                    throw Posix.failure("getdents64", call.shown(), (int) Posix.Linking.ERRNO.get(call.state, 0L));
                }
                if (filled == 0) {
                    return names;
                }
                for (long at = 0; at < filled; at += recordLength(buffer, at)) {
                    byte[] name = nameAt(buffer, at + NAME_AT);
                    if (!isDotOrDotDot(name)) {
                        names.add(FileNames.decode(name));
                    }
                }
            }
        }
    }

    private static int recordLength(MemorySegment buffer, long record) {
        return Short.toUnsignedInt(buffer.get(JAVA_SHORT, record + RECORD_LENGTH_AT));
    }

    private static byte[] nameAt(MemorySegment buffer, long start) {
        long end = start;
        while (buffer.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        return buffer.asSlice(start, end - start).toArray(JAVA_BYTE);
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return name[0] == '.' && (name.length == 1 || name.length == 2 && name[1] == '.');
    }

    List<String> namesThroughJdk() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            entries.forEach(entry -> names.add(FileNames.name(entry)));
        }
        return names;
    }

    /** The status of the entry {@code name} itself, not of what a symlink points to. */
    public FileStatus status(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            FileStatus status = Posix.statx(entryCall(arena, name), descriptor, entryName(arena, name),
                    Posix.AT_SYMLINK_NOFOLLOW);
            return status != null ? status : Posix.statusThroughJdk(FileNames.resolve(path, name));
        }
    }

    /** The status of this directory. */
    public FileStatus status() throws IOException {
        return status(descriptor, () -> path);
    }

    /** The extended attributes of this directory, in the order the file system lists them. */
    public List<ExtendedAttribute> extendedAttributes() throws PosixException {
        return extendedAttributes(descriptor, () -> path);
    }

    /** The status of what {@code descriptor} is open on. */
    static FileStatus status(int descriptor, Supplier<Path> path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            FileStatus status = Posix.statx(new Posix.Call(arena, () -> shown(path.get())), descriptor,
                    arena.allocate(1), Posix.AT_EMPTY_PATH);
            return status != null ? status : Posix.statusThroughJdk(path.get());
        }
    }

    /** The extended attributes of what {@code descriptor} is open on; none on a file system without them. */
    static List<ExtendedAttribute> extendedAttributes(int descriptor, Supplier<Path> path) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            return Posix.extendedAttributes(new Posix.Call(arena, () -> shown(path.get())),
                    new Posix.AttributeCalls() {
                        @Override
                        public long list(MemorySegment state, MemorySegment buffer, long size) throws Throwable {
                            return (long) Natives.FLISTXATTR.invokeExact(state, descriptor, buffer, size);
                        }

                        @Override
                        public long get(MemorySegment state, MemorySegment name, MemorySegment buffer, long size)
                                throws Throwable {
                            return (long) Natives.FGETXATTR.invokeExact(state, descriptor, name, buffer, size);
                        }
                    });
        }
    }

    private Posix.Call entryCall(Arena arena, String name) {
        return new Posix.Call(arena, () -> shown(FileNames.resolve(path, name)));
    }

    private static String shown(Path path) {
        return FileNames.decode(FileNames.bytes(path));
    }

    private static MemorySegment entryName(Arena arena, String name) {
        byte[] bytes = FileNames.encode(name);
        MemorySegment segment = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    /** Closes the descriptor, once; nothing was written through it, so a failure to close loses nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            close(descriptor);
        }
    }

    static void close(int descriptor) {
        MemorySegment state = Posix.Linking.THREAD_STATE.get();
        Posix.invoke(() -> (long) (int) Natives.CLOSE.invokeExact(state, descriptor));
    }
}
