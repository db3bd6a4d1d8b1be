package dev.hokan.store.chunk;

/**
 * Chunk size bounds. The average must be a power of two; normalisation makes chunks cluster around it.
 * See docs/storage-engine.md for why the defaults are what they are.
 */
public record ChunkerParams(int min, int average, int max) {
    public static final ChunkerParams DEFAULT = new ChunkerParams(128 * 1024, 512 * 1024, 2 * 1024 * 1024);

    public ChunkerParams {
        if (Integer.bitCount(average) != 1 || min < 64 || min >= average || max <= average) {
            throw new IllegalArgumentException("invalid chunk sizes " + min + "/" + average + "/" + max);
        }
    }
}
