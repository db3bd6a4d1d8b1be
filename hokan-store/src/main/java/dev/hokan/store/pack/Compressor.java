package dev.hokan.store.pack;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.hokan.store.crypto.Sealer;

/**
 * zstd with its working space, reused chunk after chunk: native contexts and output buffers are set up
 * once, not per chunk. Compression is skipped for data that does not shrink (already compressed, random).
 * One thread at a time; must be closed to free native memory.
 */
final class Compressor implements AutoCloseable {
    // Level 3, not 1: level 1 saves a tenth of backup CPU but loses to borg's zstd,3 on size (docs/storage-engine.md).
    static final int LEVEL = 3;
    private static final int SAMPLE = 64 * 1024;
    // A sample that stays above this fraction of its size predicts a chunk not worth compressing.
    private static final double WORTHWHILE = 0.97;

    private final ZstdCompressCtx context = new ZstdCompressCtx().setLevel(LEVEL);
    private final ZstdCompressCtx sampler = new ZstdCompressCtx().setLevel(1);
    private byte[] compressed = new byte[0];
    private byte[] sealed = new byte[0];

    /** Room for compressing and sealing {@code length} bytes. */
    Compressor fit(int length) {
        if (compressed.length < Compression.bound(length)) {
            compressed = new byte[Compression.bound(length)];
            sealed = new byte[compressed.length + Sealer.OVERHEAD];
        }
        return this;
    }

    byte[] compressed() {
        return compressed;
    }

    byte[] sealed() {
        return sealed;
    }

    /** Compresses into {@link #compressed()}; returns the compressed length, or -1 when storing raw is as good. */
    int compress(byte[] data, int offset, int length) {
        try {
            if (length > 4 * SAMPLE) {
                int sample = sampler.compressByteArray(compressed, 0, compressed.length, data, offset + length / 2 - SAMPLE / 2, SAMPLE);
                if (sample >= SAMPLE * WORTHWHILE) {
                    return -1;
                }
            }
            int written = context.compressByteArray(compressed, 0, compressed.length, data, offset, length);
            return written >= length ? -1 : written;
        } catch (ZstdException incompressible) {
            return -1;
        }
    }

    @Override
    public void close() {
        context.close();
        sampler.close();
    }
}
