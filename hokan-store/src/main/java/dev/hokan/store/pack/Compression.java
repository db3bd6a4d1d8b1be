package dev.hokan.store.pack;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** zstd bounds and decompression; compression itself is a {@link Compressor}'s. */
public final class Compression {
    // Setting up a context per blob showed in restore profiles. Contexts are shared through an idle queue
    // rather than kept per thread: restores start their own threads, and a context's native memory is
    // freed only by close, never by losing the thread. The queue holds at most the peak of threads
    // decompressing at once.
    private static final Queue<ZstdDecompressCtx> IDLE_DECOMPRESSORS = new ConcurrentLinkedQueue<>();

    private Compression() {
    }

    /** Room compressing {@code length} bytes may need. */
    public static int bound(int length) {
        return (int) Zstd.compressBound(length);
    }

    /** Decompresses the first {@code length} bytes of {@code data} into the first {@code rawLength} of {@code out}. */
    public static void decompress(byte[] data, int length, byte[] out, int rawLength, String what) throws IOException {
        ZstdDecompressCtx decompressor = IDLE_DECOMPRESSORS.poll();
        if (decompressor == null) {
            decompressor = new ZstdDecompressCtx();
        }
        int written;
        try {
            written = decompressor.decompressByteArray(out, 0, rawLength, data, 0, length);
        } catch (RuntimeException damaged) {
            throw new IOException(what + " does not decompress: " + damaged.getMessage());
        } finally {
            IDLE_DECOMPRESSORS.add(decompressor);
        }
        if (written != rawLength) {
            throw new IOException(what + " does not decompress to its recorded size");
        }
    }
}
