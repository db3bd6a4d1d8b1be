package dev.hokan.store.pack;

import com.github.luben.zstd.Zstd;
import java.io.IOException;

/** zstd bounds and decompression; compression itself is a {@link Compressor}'s. */
public final class Compression {
    private Compression() {
    }

    /** Room compressing {@code length} bytes may need. */
    public static int bound(int length) {
        return (int) Zstd.compressBound(length);
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
