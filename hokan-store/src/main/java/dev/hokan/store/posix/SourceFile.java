package dev.hokan.store.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A regular file a backup reads, opened by name in its {@link OpenDirectory}: its content, status and extended
 * attributes all come through the one descriptor, so they are of the file that was read even if another one takes its
 * name meanwhile. Reads go through a per-thread native buffer, as the JDK's own file channels do. A read on a thread
 * that was interrupted closes the file and throws {@link ClosedByInterruptException}, as theirs do.
 */
public final class SourceFile implements ReadableByteChannel {
    private final Path directory;
    private final String name;
    private final int descriptor;
    private boolean open = true;

    private static final class Natives {
        static final MethodHandle READ = Posix.downcall("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    SourceFile(Path directory, String name, int descriptor) {
        this.directory = directory;
        this.name = name;
        this.descriptor = descriptor;
    }

    /** Made for messages only, and where the kernel has no statx. */
    private Path path() {
        return FileNames.resolve(directory, name);
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new ClosedByInterruptException();
        }
        int wanted = Math.min(target.remaining(), Posix.Staging.BYTES);
        if (wanted == 0) {
            return 0;
        }
        MemorySegment staging = Posix.Staging.BUFFER.get();
        MemorySegment state = Posix.Linking.THREAD_STATE.get();
        long read;
        do {
            read = Posix.invoke(() -> (long) Natives.READ.invokeExact(state, descriptor, staging, (long) wanted));
        } while (read < 0 && (int) Posix.Linking.ERRNO.get(state, 0L) == PosixException.EINTR);
        if (read < 0) {
            int errno = (int) Posix.Linking.ERRNO.get(state, 0L);
            throw Posix.failure("read", FileNames.decode(FileNames.bytes(path())), errno);
        }
        if (read == 0) {
            return -1;
        }
        MemorySegment.copy(staging, 0, MemorySegment.ofBuffer(target), 0, read);
        target.position(target.position() + (int) read);
        return (int) read;
    }

    /** The file's status now. */
    public FileStatus status() throws IOException {
        return OpenDirectory.status(descriptor, this::path);
    }

    /** The file's extended attributes, in the order the file system lists them. */
    public List<ExtendedAttribute> extendedAttributes() throws PosixException {
        return OpenDirectory.extendedAttributes(descriptor, this::path);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Closes the descriptor, once; nothing was written through it, so a failure to close loses nothing. */
    @Override
    public void close() {
        if (open) {
            open = false;
            OpenDirectory.close(descriptor);
        }
    }
}
