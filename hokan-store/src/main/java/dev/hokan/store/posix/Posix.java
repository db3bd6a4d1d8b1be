package dev.hokan.store.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The C library calls java.nio lacks: extended attributes beyond {@code user.*} (ACLs, {@code security.*}), device
 * nodes and named pipes, an owner and a group in one call, and an entry's status in one {@code statx} call. Every call
 * is on the path itself, never following a final symlink (a file being restored is written through its descriptor,
 * {@link NewFile}); a failure is a {@link PosixException} with the call, the path and the system's text for its errno.
 */
public final class Posix {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;
    /** A {@code tv_nsec} that leaves the time as it is. */
    private static final long UTIME_OMIT = (1L << 30) - 2;
    /** Most files have no extended attributes, or a few short ones: one call with this much room lists them. */
    private static final int FIRST_TRY_BYTES = 1024;

    private Posix() {
    }

    /** Made on the first native call, not with this class: making them costs some 20 ms of CPU (measured). */
    static final class Linking {
        static final Linker LINKER = Linker.nativeLinker();
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        /** Where each thread's calls on a descriptor leave errno, read right after the call on the same thread. */
        static final ThreadLocal<MemorySegment> THREAD_STATE =
                ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));
    }

    /** Each reading thread's native buffer, which file content is read into and copied out of, as the JDK does. */
    static final class Staging {
        static final int BYTES = 256 * 1024;
        static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BYTES, 64));
    }

    // Each function is linked when first used, in a holder class of its own: linking costs 5-25 ms of CPU per
    // function (measured), and a backup only lists attributes, a restore of files without attributes only sets times.
    private static final class Llistxattr {
        static final MethodHandle HANDLE = downcall("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }

    private static final class Lgetxattr {
        static final MethodHandle HANDLE = downcall("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }

    private static final class Lsetxattr {
        static final MethodHandle HANDLE = downcall("lsetxattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private static final class Mknod {
        static final MethodHandle HANDLE = downcall("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    }

    private static final class Lchown {
        static final MethodHandle HANDLE = downcall("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    private static final class Fchmodat {
        static final MethodHandle HANDLE = downcall("fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    private static final class Utimensat {
        static final MethodHandle HANDLE = downcall("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }

    /** Null where the C library has no statx (before glibc 2.28, or another system): see {@link #status}. */
    private static final class Statx {
        static final MethodHandle HANDLE = Linking.LINKER.defaultLookup().find("statx")
                .map(address -> Linking.LINKER.downcallHandle(address,
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
                        Linker.Option.captureCallState("errno")))
                .orElse(null);
        /** Cleared when the kernel answers ENOSYS (Linux before 4.11, or a sandbox that refuses the call). */
        static volatile boolean works = HANDLE != null;
    }

    private static final class Fadvise {
        static final MethodHandle HANDLE = Linking.LINKER.downcallHandle(
                Linking.LINKER.defaultLookup().findOrThrow("posix_fadvise"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final int DONTNEED = 4;
    }

    private static final class Strerror {
        static final MethodHandle HANDLE = Linking.LINKER.downcallHandle(Linking.LINKER.defaultLookup().findOrThrow("strerror"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    static MethodHandle downcall(String name, FunctionDescriptor signature) {
        return Linking.LINKER.downcallHandle(Linking.LINKER.defaultLookup().findOrThrow(name), signature, Linker.Option.captureCallState("errno"));
    }

    /**
     * Lets the kernel drop the pages it caches of the file at {@code path}, whose content is written and synced. Advice
     * only: a file that cannot be opened for it, or a system that refuses it, changes nothing and fails nothing. A
     * named pipe put in the file's place is opened without waiting for a writer.
     */
    public static void dropCachedPages(Path path) {
        int descriptor;
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            descriptor = OpenDirectory.open(call, AT_FDCWD, call.path,
                    OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.HERE.noFollow);
        } catch (IOException refused) {
            return;
        }
        try {
            invoke(() -> (long) (int) Fadvise.HANDLE.invokeExact(descriptor, 0L, 0L, Fadvise.DONTNEED));
        } finally {
            OpenDirectory.close(descriptor);
        }
    }

    /**
     * Whether this process runs with the effective user ID of root, and so may give files any owner and make device
     * nodes. The user's name says nothing about it: another user can be named root, and root can run under any name.
     */
    public static boolean effectiveUserIsRoot() {
        // Read from the kernel's status of this process rather than through geteuid: the first native call a process
        // links costs about 50 ms of CPU (measured), which a restore of plain files would pay for this alone.
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    // real, effective, saved and file system user IDs
                    return line.substring("Uid:".length()).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status, e);
        }
        throw new IllegalStateException(status + " names no user IDs");
    }

    /**
     * The extended attributes of {@code path} (not following a symlink), in the order the file system lists them;
     * none on a file system without them.
     */
    public static List<ExtendedAttribute> extendedAttributes(Path path) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            return extendedAttributes(call, new AttributeCalls() {
                @Override
                public long list(MemorySegment state, MemorySegment buffer, long size) throws Throwable {
                    return (long) Llistxattr.HANDLE.invokeExact(state, call.path, buffer, size);
                }

                @Override
                public long get(MemorySegment state, MemorySegment name, MemorySegment buffer, long size)
                        throws Throwable {
                    return (long) Lgetxattr.HANDLE.invokeExact(state, call.path, name, buffer, size);
                }
            });
        }
    }

    /** The two calls that read an entry's extended attributes, by its path or through its descriptor. */
    interface AttributeCalls {
        /** As {@code llistxattr}: the names, each ended by a zero byte, or the room they need when size is 0. */
        long list(MemorySegment state, MemorySegment buffer, long size) throws Throwable;

        /** As {@code lgetxattr}: the value of one, or the room it needs when size is 0. */
        long get(MemorySegment state, MemorySegment name, MemorySegment buffer, long size) throws Throwable;
    }

    static List<ExtendedAttribute> extendedAttributes(Call call, AttributeCalls calls) throws PosixException {
        List<String> names = listNames(call, calls);
        List<ExtendedAttribute> attributes = new ArrayList<>(names.size());
        for (String name : names) {
            byte[] value = value(call, calls, name);
            if (value != null) {
                attributes.add(new ExtendedAttribute(name, value));
            }
        }
        return attributes;
    }

    private static List<String> listNames(Call call, AttributeCalls calls) throws PosixException {
        long room = FIRST_TRY_BYTES;
        while (true) {
            MemorySegment buffer = call.arena.allocate(Math.max(room, 1));
            long size = room;
            long length = call.checked("listxattr", call.result(() -> calls.list(call.state, buffer, size)),
                    PosixException.ERANGE, PosixException.EOPNOTSUPP);
            if (length == -PosixException.EOPNOTSUPP) {
                return List.of();
            }
            if (length == -PosixException.ERANGE) {
                room = call.checked("listxattr", call.result(() -> calls.list(call.state, MemorySegment.NULL, 0L)));
                continue;
            }
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (buffer.get(JAVA_BYTE, i) == 0) {
                    names.add(new String(buffer.asSlice(start, i - start).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return names;
        }
    }

    /** The attribute's value, or null when it went away since it was listed. */
    private static byte[] value(Call call, AttributeCalls calls, String name) throws PosixException {
        MemorySegment cName = call.arena.allocateFrom(name);
        long room = FIRST_TRY_BYTES;
        while (true) {
            MemorySegment buffer = call.arena.allocate(Math.max(room, 1));
            long size = room;
            long length = call.checked("getxattr " + name,
                    call.result(() -> calls.get(call.state, cName, buffer, size)),
                    PosixException.ERANGE, PosixException.ENODATA);
            if (length == -PosixException.ENODATA) {
                return null;
            }
            if (length == -PosixException.ERANGE) {
                room = call.checked("getxattr " + name,
                        call.result(() -> calls.get(call.state, cName, MemorySegment.NULL, 0L)));
                continue;
            }
            return buffer.asSlice(0, length).toArray(JAVA_BYTE);
        }
    }

    /** Sets one extended attribute of {@code path}, creating or replacing it (not following a symlink). */
    public static void setExtendedAttribute(Path path, ExtendedAttribute attribute) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            MemorySegment name = arena.allocateFrom(attribute.name());
            byte[] bytes = attribute.value();
            MemorySegment value = arena.allocate(Math.max(bytes.length, 1));
            MemorySegment.copy(bytes, 0, value, JAVA_BYTE, 0, bytes.length);
            call.checked("lsetxattr " + attribute.name(), call.result(
                    () -> (long) (int) Lsetxattr.HANDLE.invokeExact(call.state, call.path, name, value, (long) bytes.length, 0)));
        }
    }

    /** Creates a named pipe or a device node: {@code mode} holds the file type bits and the permissions. */
    public static void makeNode(Path path, int mode, long device) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            call.checked("mknod", call.result(() -> (long) (int) Mknod.HANDLE.invokeExact(call.state, call.path, mode, device)));
        }
    }

    /** Gives {@code path} itself (a symlink, not what it points to) an owner and a group, in one call. */
    public static void changeOwner(Path path, int uid, int gid) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            call.checked("lchown", call.result(() -> (long) (int) Lchown.HANDLE.invokeExact(call.state, call.path, uid, gid)));
        }
    }

    /**
     * Sets the permission bits of a named pipe or device node that was just made. The JDK's way opens the file, which
     * for a named pipe waits for a writer; a symlink put in its place is refused, not followed.
     */
    public static void changeMode(Path path, int mode) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            call.checked("fchmodat", call.result(() -> (long) (int) Fchmodat.HANDLE.invokeExact(call.state, AT_FDCWD,
                    call.path, mode, AT_SYMLINK_NOFOLLOW)));
        }
    }

    /**
     * Sets the modification time to the nanosecond (of a symlink itself), leaving the access time, without opening
     * the file: the JDK opens it, and opening a named pipe waits for a writer.
     */
    public static void setModifiedTime(Path path, long nanos) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 1, UTIME_OMIT);
            times.setAtIndex(JAVA_LONG, 2, Math.floorDiv(nanos, 1_000_000_000L));
            times.setAtIndex(JAVA_LONG, 3, Math.floorMod(nanos, 1_000_000_000L));
            call.checked("utimensat", call.result(
                    () -> (long) (int) Utimensat.HANDLE.invokeExact(call.state, AT_FDCWD, call.path, times, AT_SYMLINK_NOFOLLOW)));
        }
    }

    /** STATX_BASIC_STATS: type, mode, links, owner, times, inode, size, blocks. */
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final long STATX_BYTES = 256;
    private static final String UNIX_ATTRIBUTES = "unix:mode,uid,gid,lastModifiedTime,ctime,ino,dev,rdev,nlink,size";

    /**
     * The status of {@code path} itself (not following a final symlink), as {@code lstat} gives it: one {@code statx}
     * call, where {@code Files.readAttributes} would make a map of boxed values for every entry; through the JDK
     * where statx is missing. An entry that does not exist is a {@link NoSuchFileException}, one that may not be
     * looked at an {@link AccessDeniedException}.
     */
    public static FileStatus status(Path path) throws IOException {
        if (Statx.works) {
            FileStatus status = statx(path);
            if (status != null) {
                return status;
            }
        }
        return statusThroughJdk(path);
    }

    /** Null when the kernel has no statx, which then is not tried again. */
    static FileStatus statx(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Call call = new Call(arena, path);
            return statx(call, AT_FDCWD, call.path, AT_SYMLINK_NOFOLLOW);
        }
    }

    /**
     * The status of {@code name} in the directory open as {@code directory} (not following a final symlink), or with
     * {@code AT_EMPTY_PATH} and an empty name, of what the descriptor itself is open on. Null when the kernel has no
     * statx, which then is not tried again; a failure as {@link #failure} names it.
     */
    static FileStatus statx(Call call, int directory, MemorySegment name, int flags) throws IOException {
        if (!Statx.works) {
            return null;
        }
        MemorySegment buffer = call.arena.allocate(STATX_BYTES, 8);
        long result = call.result(() -> (long) (int) Statx.HANDLE.invokeExact(call.state, directory, name, flags,
                STATX_BASIC_STATS, buffer));
        if (result < 0) {
            int errno = (int) Linking.ERRNO.get(call.state, 0L);
            if (errno == PosixException.ENOSYS) {
                Statx.works = false;
                return null;
            }
            throw failure("statx", call.shown(), errno);
        }
        return new FileStatus(
                Short.toUnsignedInt(buffer.get(JAVA_SHORT, 28)),
                buffer.get(JAVA_INT, 20),
                buffer.get(JAVA_INT, 24),
                buffer.get(JAVA_LONG, 40),
                nanos(buffer, 112),
                nanos(buffer, 96),
                buffer.get(JAVA_LONG, 32),
                deviceNumber(buffer.get(JAVA_INT, 136), buffer.get(JAVA_INT, 140)),
                deviceNumber(buffer.get(JAVA_INT, 128), buffer.get(JAVA_INT, 132)),
                buffer.get(JAVA_INT, 16));
    }

    /** A statx_timestamp: seconds (signed 64 bits), then nanoseconds (32 bits). */
    private static long nanos(MemorySegment buffer, long offset) {
        return buffer.get(JAVA_LONG, offset) * 1_000_000_000L + Integer.toUnsignedLong(buffer.get(JAVA_INT, offset + 8));
    }

    /** A dev_t as glibc's makedev makes it from a major and a minor number, as stat and the JDK give it. */
    private static long deviceNumber(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0xffL) | ((mi & 0xffffff00L) << 12);
    }

    static FileStatus statusThroughJdk(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStatus((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS), ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS),
                (Long) a.get("ino"), (Long) a.get("dev"), (Long) a.get("rdev"), (Integer) a.get("nlink"));
    }

    /** A downcall: its result, or -1 with errno left in its call state. */
    interface Native {
        long invoke() throws Throwable;
    }

    /** Runs a downcall; a failure of the handle itself (never one the C library reports) is a bug, thrown unchecked. */
    static long invoke(Native function) {
        try {
            return function.invoke();
        } catch (Throwable unexpected) {
            throw new IllegalStateException("native call failed", unexpected);
        }
    }

    /**
     * The failure of {@code call} on the entry {@code name} as the JDK names the usual ones (none there, not to be
     * looked at, something already there), else a {@link PosixException}.
     */
    static IOException failure(String call, String name, int errno) {
        return switch (errno) {
            case PosixException.ENOENT, PosixException.ENOTDIR -> new NoSuchFileException(name);
            case PosixException.EACCES -> new AccessDeniedException(name);
            case PosixException.EEXIST -> new FileAlreadyExistsException(name);
            default -> new PosixException(call, name, errno, text(errno));
        };
    }

    /**
     * A native call on one entry: where the call leaves errno, the entry's name as messages show it and, for a call
     * by path, the path as a C string.
     */
    static final class Call {
        final Arena arena;
        final MemorySegment state;
        final MemorySegment path;
        private final Supplier<String> shown;

        Call(Arena arena, Path javaPath) {
            this.arena = arena;
            this.state = arena.allocate(Linking.CALL_STATE);
            byte[] bytes = FileNames.bytes(javaPath);
            this.path = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, path, JAVA_BYTE, 0, bytes.length);
            this.shown = () -> FileNames.decode(bytes);
        }

        /** A call on an entry not named by a path: the name is made for messages only, when one is needed. */
        Call(Arena arena, Supplier<String> shown) {
            this.arena = arena;
            this.state = arena.allocate(Linking.CALL_STATE);
            this.path = null;
            this.shown = shown;
        }

        String shown() {
            return shown.get();
        }

        long result(Native function) {
            return invoke(function);
        }

        /** The call's result; -errno for the errnos the caller handles; a PosixException for any other failure. */
        long checked(String name, long result, int... handled) throws PosixException {
            if (result >= 0) {
                return result;
            }
            int errno = (int) Linking.ERRNO.get(state, 0L);
            for (int expected : handled) {
                if (errno == expected) {
                    return -errno;
                }
            }
            throw new PosixException(name, shown(), errno, text(errno));
        }
    }

    static String text(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable unexpected) {
            return "errno " + errno;
        }
    }
}
