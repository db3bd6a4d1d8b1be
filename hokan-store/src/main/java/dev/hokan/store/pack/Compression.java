package dev.hokan.store.pack;

import com.github.luben.zstd.Zstd;
import java.io.IOException;

/** zstd, skipped for data that does not shrink (already compressed or random). */
public final class Compression {
    private static final int LEVEL = 3;
    private static final int SAMPLE = 64 * 1024;
    // A sample that stays above this fraction of its size predicts a chunk not worth compressing.
    private static final double WORTHWHILE = 0.97;

    private Compression() {
    }

    /** Room {@link #compress} needs for {@code length} bytes of input. */
    public static int bound(int length) {
        return (int) Zstd.compressBound(length);
    }

    /**
     * Compresses into {@code out} (at least {@link #bound} bytes); returns the compressed length, or -1
     * when storing the data raw is as good.
     */
    public static int compress(byte[] data, int offset, int length, byte[] out) {
        if (length > 4 * SAMPLE && !sampleShrinks(data, offset + length / 2 - SAMPLE / 2, out)) {
            return -1;
        }
        long written = Zstd.compressByteArray(out, 0, out.length, data, offset, length, LEVEL);
        return Zstd.isError(written) || written >= length ? -1 : (int) written;
    }

    private static boolean sampleShrinks(byte[] data, int offset, byte[] out) {
        long written = Zstd.compressByteArray(out, 0, out.length, data, offset, SAMPLE, 1);
        return !Zstd.isError(written) && written < SAMPLE * WORTHWHILE;
    }

    public static byte[] decompress(byte[] data, int rawLength, String what) throws IOException {
        byte[] out = new byte[rawLength];
        long written = Zstd.decompressByteArray(out, 0, rawLength, data, 0, data.length);
        if (Zstd.isError(written) || written != rawLength) {
            throw new IOException(what + " does not decompress to its recorded size");
        }
        return out;
    }
}
