package dev.hokan.store.pack;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.util.Arrays;

/** zstd, skipped for data that does not shrink (already compressed or random). */
public final class Compression {
    private static final int LEVEL = 3;
    private static final int SAMPLE = 64 * 1024;
    // A sample that stays above this fraction of its size predicts a chunk not worth compressing.
    private static final double WORTHWHILE = 0.97;

    private Compression() {
    }

    /** The compressed form, or null when storing the data raw is as good. */
    public static byte[] compress(byte[] data, int offset, int length) {
        if (length > 4 * SAMPLE && !sampleShrinks(data, offset + length / 2 - SAMPLE / 2)) {
            return null;
        }
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        long written = Zstd.compressByteArray(out, 0, out.length, data, offset, length, LEVEL);
        if (Zstd.isError(written) || written >= length) {
            return null;
        }
        return Arrays.copyOf(out, (int) written);
    }

    private static boolean sampleShrinks(byte[] data, int offset) {
        byte[] out = new byte[(int) Zstd.compressBound(SAMPLE)];
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
