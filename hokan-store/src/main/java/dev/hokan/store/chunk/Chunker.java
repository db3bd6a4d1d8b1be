package dev.hokan.store.chunk;

import java.util.SplittableRandom;

/**
 * FastCDC content-defined chunking: a gear rolling hash over the last 64 bytes, with normalised chunking
 * (a stricter mask before the average size, a looser one after it) and the first {@code min} bytes of
 * each chunk skipped. Boundaries depend only on nearby content, so an insertion moves only the chunks
 * around it. The gear table is derived from a per-vault secret seed so boundaries leak nothing either.
 * Stateless and thread-safe.
 */
public final class Chunker {
    private static final int NORMALISATION = 2;
    private final long[] gear = new long[256];
    private final ChunkerParams params;
    private final long strictMask;
    private final long looseMask;

    public Chunker(ChunkerParams params, long seed) {
        this.params = params;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < gear.length; i++) {
            gear[i] = random.nextLong();
        }
        int bits = Integer.numberOfTrailingZeros(params.average());
        // The top bits of the gear hash depend on the most recent 64 bytes; masks take their bits from there.
        this.strictMask = -1L << (64 - (bits + NORMALISATION));
        this.looseMask = -1L << (64 - (bits - NORMALISATION));
    }

    public ChunkerParams params() {
        return params;
    }

    /**
     * Length of the next chunk starting at {@code offset}. The caller passes at least {@code max} bytes
     * unless the input ends sooner; a result equal to {@code length} then means the input's end.
     */
    public int cut(byte[] data, int offset, int length) {
        if (length <= params.min()) {
            return length;
        }
        int end = Math.min(length, params.max());
        int normal = Math.min(end, params.average());
        long hash = 0;
        int i = params.min();
        for (; i < normal; i++) {
            hash = (hash << 1) + gear[data[offset + i] & 0xFF];
            if ((hash & strictMask) == 0) {
                return i + 1;
            }
        }
        for (; i < end; i++) {
            hash = (hash << 1) + gear[data[offset + i] & 0xFF];
            if ((hash & looseMask) == 0) {
                return i + 1;
            }
        }
        return end;
    }
}
