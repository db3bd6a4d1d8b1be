package dev.hokan.store.restore;

import dev.hokan.store.posix.NewFile;
import dev.hokan.store.posix.OpenDirectory;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file being restored: its content arrives chunk by chunk, at any position and in any order, from
 * several threads. Large files are written with direct I/O, past the page cache. A restore writes data
 * nothing will read soon; through the page cache it would evict what the machine's own workload keeps
 * there, and each new page costs the kernel an allocation (measured here with dd: 2 GiB of new files
 * cost 4.5-6.8 s of kernel time through the page cache, 0.3 s direct). Small files go through the page
 * cache, where a write costs no wait for the device.
 *
 * <p>Direct I/O moves whole, aligned blocks, but chunk boundaries fall anywhere. The blocks a chunk
 * covers entirely are written at once; the bytes of a block it shares with a neighbour wait here until
 * the block is complete. The last block is written padded and the file cut to its size when it is done.
 *
 * <p>Files stay sparse: the file is new, so a block of zeros is left unwritten, a hole that reads as zeros (whole
 * blocks of the file system's size when direct, of {@link #HOLE_BLOCK} through the page cache). The block holding the
 * last byte is always written, which gives the file its size. Most blocks begin with a byte that is not zero, so
 * telling them costs one comparison.
 *
 * <p>One thread writes the file at a time: concurrent writes to one file contend on its inode lock, which the kernel
 * spins on (profiled: a fifth of restore CPU). A thread that finds the file being written leaves a copy of its chunk
 * for the writer and goes on with its next one, rather than wait for the writer's direct writes to reach the device;
 * the copies are few ({@link Writing#COPIES}) and their buffers reused, and past them a thread waits as before.
 *
 * <p>The file stays open until its metadata is set through the same descriptor ({@link NewFile}).
 */
final class RestoredFile implements RestoreSink.ContentWriter {
    /** Files below this size are written through the page cache. */
    static final long DIRECT_MIN_SIZE = 256 * 1024;

    /** Through the page cache, runs of zeros this long and aligned in the file are left as holes. */
    static final int HOLE_BLOCK = 4096;
    /** The largest direct block {@link Writing} accepts. */
    private static final int LARGEST_BLOCK = 1 << 16;
    private static final byte[] ZEROS = new byte[LARGEST_BLOCK];
    /** Through the page cache, content is written in slices of this size, from the staging buffer. */
    private static final int SLICE = 256 * 1024;

    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private final Path path;
    private final NewFile file;
    private final long size;
    private final int block;
    private final Metadata metadata;
    private final Removal removal;
    private final Writing writing;
    /** Held by the one thread writing the file; it guards the file's content and {@link #partialBlocks}. */
    private final ReentrantLock writer = new ReentrantLock();
    /** Chunks other threads left for the writer. */
    private final Queue<Left> left = new ConcurrentLinkedQueue<>();
    private final Map<Long, PartialBlock> partialBlocks = new HashMap<>();

    /** A copy of a chunk left for the file's writer, in a buffer of {@link Writing}'s. */
    private record Left(byte[] copy, int length, long position) {}

    /** A block shared by chunks, and how many of its bytes have arrived. */
    private static final class PartialBlock {
        private final byte[] bytes;
        private int filled;

        PartialBlock(int block) {
            this.bytes = new byte[block];
        }
    }

    private RestoredFile(Writing writing, NewFile file, long size, int block, Metadata metadata, Removal removal) {
        this.writing = writing;
        this.path = file.path();
        this.file = file;
        this.size = size;
        this.block = block;
        this.metadata = metadata;
        this.removal = removal;
    }

    /** What a restore gives a file once its content is complete, through its descriptor. */
    @FunctionalInterface
    interface Metadata {
        void giveTo(NewFile file, Path path, Node node) throws IOException;
    }

    /** Removes a file that could not be restored whole, by a way that does not depend on its directory staying open. */
    @FunctionalInterface
    interface Removal {
        void remove() throws IOException;
    }

    /**
     * How a restore writes its files: decided once per restore, since a target file system that refuses
     * direct I/O refuses it for every file.
     */
    static final class Writing {
        /** Chunks left for writers at once, across the restore's files; each copy's buffer is kept for the next. */
        static final int COPIES = 4;
        private final Metadata metadata;
        private volatile int directBlock;
        private final ArrayBlockingQueue<byte[]> spareCopies = new ArrayBlockingQueue<>(COPIES);
        private final AtomicInteger copies = new AtomicInteger();

        /** Direct I/O in blocks of the target file system's size, or none when that size is unknown. */
        Writing(Path target, Metadata metadata) {
            this(blockSize(target), metadata);
        }

        /** {@code directBlock} 0 writes every file through the page cache. */
        Writing(int directBlock, Metadata metadata) {
            this.directBlock = directBlock;
            this.metadata = metadata;
        }

        private static int blockSize(Path target) {
            try {
                long reported = Files.getFileStore(target).getBlockSize();
                return reported > 0 && reported <= LARGEST_BLOCK && Long.bitCount(reported) == 1 ? (int) reported : 0;
            } catch (IOException | UnsupportedOperationException unknown) {
                return 0;
            }
        }

        /** A buffer of at least {@code length} bytes for a chunk left for a writer; null when all are in use. */
        private byte[] copyBuffer(int length) {
            for (byte[] spare; (spare = spareCopies.poll()) != null; copies.decrementAndGet()) {
                if (spare.length >= length) {
                    return spare;
                }
            }
            if (copies.incrementAndGet() > COPIES) {
                copies.decrementAndGet();
                return null;
            }
            return new byte[Integer.highestOneBit(Math.max(length - 1, 1)) << 1];
        }

        private void giveBack(byte[] buffer) {
            spareCopies.add(buffer);
        }

        /** Whether large files are written with direct I/O. */
        boolean direct() {
            return directBlock > 0;
        }

        /**
         * Creates the file {@code name} in {@code directory}, which must not exist, for {@code size} bytes of content;
         * {@code removal} removes it if it is abandoned.
         */
        RestoredFile create(OpenDirectory directory, String name, long size, Removal removal) throws IOException {
            int block = directBlock;
            if (block > 0 && size >= DIRECT_MIN_SIZE) {
                try {
                    return new RestoredFile(this, NewFile.create(directory, name, true), size, block, metadata, removal);
                } catch (FileAlreadyExistsException exists) {
                    throw exists;
                } catch (IOException refused) {
                    // The file system does not do direct I/O (tmpfs, some network file systems): the kernel may
                    // have created the file before refusing the flag, so it is ours to remove.
                    directBlock = 0;
                    Files.deleteIfExists(directory.entryPath(name));
                }
            }
            return new RestoredFile(this, NewFile.create(directory, name, false), size, 0, metadata, removal);
        }
    }

    /**
     * Writes {@code length} bytes of {@code data} at {@code position}, or leaves a copy of them for the thread writing
     * the file; {@code data} is the caller's again once this returns. May be called from several threads.
     */
    @Override
    public void write(byte[] data, int length, long position) throws IOException {
        if (position < 0 || position + length > size) {
            throw new IOException("chunk at " + position + " runs past the recorded size of " + path);
        }
        if (!writer.tryLock()) {
            byte[] copy = writing.copyBuffer(length);
            if (copy != null) {
                System.arraycopy(data, 0, copy, 0, length);
                left.add(new Left(copy, length, position));
                writeLeftWhileFree();
                return;
            }
            writer.lock();
        }
        try {
            writeNow(data, length, position);
            writeLeft();
        } finally {
            writer.unlock();
        }
        writeLeftWhileFree();
    }

    /**
     * Writes what other threads left, as long as no thread writes the file: a chunk left just as the writer unlocked
     * is written by the thread that left it or by the next writer, never forgotten.
     */
    private void writeLeftWhileFree() throws IOException {
        while (!left.isEmpty() && writer.tryLock()) {
            try {
                writeLeft();
            } finally {
                writer.unlock();
            }
        }
    }

    /** Writes the chunks left; the caller holds {@link #writer}. */
    private void writeLeft() throws IOException {
        for (Left chunk; (chunk = left.poll()) != null; ) {
            try {
                writeNow(chunk.copy(), chunk.length(), chunk.position());
            } finally {
                writing.giveBack(chunk.copy());
            }
        }
    }

    private void writeNow(byte[] data, int length, long position) throws IOException {
        if (block == 0) {
            writeBuffered(data, length, position);
        } else {
            writeDirect(data, length, position);
        }
    }

    private void writeBuffered(byte[] data, int length, long position) throws IOException {
        int run = 0;
        for (int at = 0; at < length; ) {
            long blockEnd = Math.min(position + length, position + at - (position + at) % HOLE_BLOCK + HOLE_BLOCK);
            int next = (int) (blockEnd - position);
            if (blockEnd < size && zeros(data, at, next - at)) {
                writeBuffered(data, run, at - run, position);
                run = next;
            }
            at = next;
        }
        writeBuffered(data, run, length - run, position);
    }

    private void writeBuffered(byte[] data, int offset, int length, long position) throws IOException {
        ByteBuffer staging = staging(SLICE);
        for (int done = 0; done < length; ) {
            int n = Math.min(SLICE, length - done);
            staging.clear();
            staging.put(data, offset + done, n);
            staging.flip();
            file.write(staging, position + offset + done);
            done += n;
        }
    }

    private static boolean zeros(byte[] data, int offset, int length) {
        return length <= 0 || data[offset] == 0 && Arrays.mismatch(data, offset, offset + length, ZEROS, 0, length) < 0;
    }

    private void writeDirect(byte[] data, int length, long position) throws IOException {
        long end = position + length;
        long wholeFrom = roundUp(position);
        // The file's last block is whole once the content up to the file's end is here.
        long wholeTo = end == size ? roundUp(end) : roundDown(end);
        if (wholeFrom < wholeTo) {
            writeBlocks(data, (int) (wholeFrom - position), (int) (Math.min(wholeTo, end) - wholeFrom), wholeFrom, (int) (wholeTo - wholeFrom));
        } else {
            wholeTo = wholeFrom;
        }
        if (position < wholeFrom) {
            share(data, 0, position, (int) (Math.min(wholeFrom, end) - position));
        }
        if (wholeTo < end) {
            share(data, (int) (wholeTo - position), wholeTo, (int) (end - wholeTo));
        }
    }

    /** Keeps bytes of a block shared with other chunks; writes the block once all its bytes are here. */
    private void share(byte[] data, int offset, long position, int length) throws IOException {
        long start = roundDown(position);
        PartialBlock partial = partialBlocks.computeIfAbsent(start, s -> new PartialBlock(block));
        System.arraycopy(data, offset, partial.bytes, (int) (position - start), length);
        partial.filled += length;
        if (partial.filled == Math.min(block, size - start)) {
            partialBlocks.remove(start);
            writeBlocks(partial.bytes, 0, partial.filled, start, block);
        }
    }

    /**
     * Writes {@code length} bytes padded to {@code span} (whole blocks) at the block-aligned {@code position}, leaving
     * blocks of zeros as holes.
     */
    private void writeBlocks(byte[] data, int offset, int length, long position, int span) throws IOException {
        int run = -1;
        for (int at = 0; at <= span; at += block) {
            boolean write = at < span && (roundDown(size - 1) == position + at
                    || !zeros(data, offset + at, Math.min(block, length - at)));
            if (write && run < 0) {
                run = at;
            } else if (!write && run >= 0) {
                writeRun(data, offset + run, Math.min(at, length) - run, position + run, at - run);
                run = -1;
            }
        }
    }

    private void writeRun(byte[] data, int offset, int length, long position, int span) throws IOException {
        ByteBuffer staging = staging(span);
        staging.clear();
        staging.put(data, offset, Math.max(0, length));
        while (staging.position() < span) {
            staging.put((byte) 0);
        }
        staging.flip();
        file.write(staging, position);
    }

    /** The thread's native buffer that content goes through to the file, aligned for any direct block. */
    private static ByteBuffer staging(int span) {
        ByteBuffer staging = STAGING.get();
        if (staging == null || staging.capacity() < span) {
            // whole aligned blocks: the slice loses what lies before the first boundary and after the last
            int room = (Math.max(span, SLICE) + LARGEST_BLOCK - 1) & -LARGEST_BLOCK;
            staging = ByteBuffer.allocateDirect(room + LARGEST_BLOCK).alignedSlice(LARGEST_BLOCK);
            STAGING.set(staging);
        }
        return staging;
    }

    private long roundDown(long position) {
        return position - position % block;
    }

    private long roundUp(long position) {
        return roundDown(position + block - 1);
    }

    /**
     * Once all its content is written: cuts the padding direct writes leave in the last block, gives the file its
     * metadata and closes it. A file that cannot be finished is removed.
     */
    @Override
    public void finish(Node node) throws IOException {
        writer.lock();
        try {
            writeLeft();
            if (!partialBlocks.isEmpty()) {
                throw new IOException("restoring " + path + " left blocks incomplete");
            }
            if (block > 0 && size % block != 0) {
                file.truncate(size);
            }
            metadata.giveTo(file, path, node);
            file.close();
        } catch (IOException | RuntimeException e) {
            try {
                abandon();
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        } finally {
            writer.unlock();
        }
    }

    /** Closes and removes a file whose content could not be restored whole. */
    @Override
    public void abandon() throws IOException {
        writer.lock();
        try {
            for (Left chunk; (chunk = left.poll()) != null; ) {
                writing.giveBack(chunk.copy());
            }
            file.close();
        } finally {
            writer.unlock();
            removal.remove();
        }
    }
}
