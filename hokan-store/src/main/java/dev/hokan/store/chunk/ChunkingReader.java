package dev.hokan.store.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Reads a stream and cuts it into content-defined chunks, through one reusable buffer. Not thread-safe. */
public final class ChunkingReader {
    private static final int READ_SLICE = 256 * 1024;
    private final Chunker chunker;
    private final byte[] buffer;

    public ChunkingReader(Chunker chunker) {
        this.chunker = chunker;
        this.buffer = new byte[chunker.params().max() * 2];
    }

    /** Receives each chunk; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(byte[] buffer, int offset, int length) throws IOException, InterruptedException;
    }

    /**
     * Reads until the buffer is full or the input ends; returns the new end. Reads go in slices because
     * the JDK stages each read through a per-thread native buffer as large as the largest read.
     */
    private int fill(ReadableByteChannel channel, int end) throws IOException {
        while (end < buffer.length) {
            int read = channel.read(ByteBuffer.wrap(buffer, end, Math.min(READ_SLICE, buffer.length - end)));
            if (read < 0) {
                break;
            }
            end += read;
        }
        return end;
    }

    /** Reads the channel to its end, handing over every chunk in order; returns the bytes read. */
    public long read(ReadableByteChannel channel, ChunkSink sink) throws IOException, InterruptedException {
        int max = chunker.params().max();
        int start = 0;
        int end = 0;
        long total = 0;
        boolean eof = false;
        while (true) {
            if (!eof && end - start < max) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
                end = fill(channel, end);
                eof = end < buffer.length;
            }
            if (end == start) {
                return total;
            }
            int length = chunker.cut(buffer, start, end - start);
            sink.accept(buffer, start, length);
            start += length;
            total += length;
        }
    }
}
