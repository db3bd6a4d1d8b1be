package dev.hokan.store.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

/**
 * A file read at given positions by several threads at once, as a local store's packs are by a restore's readers.
 * A JDK file channel closes itself for every thread when one thread reading it is interrupted; a read here finishes
 * as if nothing happened, and the interrupted thread sees its interrupt at its next check, so one stopped job never
 * fails the reads of another.
 */
public final class SharedReadFile implements AutoCloseable {
    private final Path path;
    private final int descriptor;
    private final long size;
    private volatile boolean closed;

    private static final class Natives {
        static final MethodHandle PREAD = Posix.downcall("pread",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    }

    private SharedReadFile(Path path, int descriptor, long size) {
        this.path = path;
        this.descriptor = descriptor;
        this.size = size;
    }

    /** Opens the file at {@code path} for reading: a {@link java.nio.file.NoSuchFileException} when there is none. */
    public static SharedReadFile open(Path path) throws IOException {
        int descriptor;
        try (Arena arena = Arena.ofConfined()) {
            Posix.Call call = new Posix.Call(arena, path);
            descriptor = OpenDirectory.open(call, Posix.AT_FDCWD, call.path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        }
        try {
            return new SharedReadFile(path, descriptor, OpenDirectory.status(descriptor, () -> path).size());
        } catch (IOException | RuntimeException e) {
            OpenDirectory.close(descriptor);
            throw e;
        }
    }

    /** The file's size when it was opened. */
    public long size() {
        return size;
    }

    /** Reads {@code length} bytes at {@code position} into {@code into} from {@code offset}; all of them, or fails. */
    public void read(long position, byte[] into, int offset, int length) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        MemorySegment staging = Posix.Staging.BUFFER.get();
        MemorySegment state = Posix.Linking.THREAD_STATE.get();
        for (int done = 0; done < length; ) {
            long wanted = Math.min(length - done, Posix.Staging.BYTES);
            long at = position + done;
            long read = Posix.invoke(() -> (long) Natives.PREAD.invokeExact(state, descriptor, staging, wanted, at));
            if (read < 0) {
                int errno = (int) Posix.Linking.ERRNO.get(state, 0L);
                if (errno == PosixException.EINTR) {
                    continue;
                }
                throw Posix.failure("pread", FileNames.decode(FileNames.bytes(path)), errno);
            }
            if (read == 0) {
                throw new EOFException("unexpected end of " + path + " at " + at);
            }
            MemorySegment.copy(staging, JAVA_BYTE, 0, into, offset + done, (int) read);
            done += (int) read;
        }
    }

    /**
     * Closes the descriptor, once; its user makes sure no read still uses it. Nothing was written through it, so a
     * failure to close loses nothing.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            OpenDirectory.close(descriptor);
        }
    }
}
