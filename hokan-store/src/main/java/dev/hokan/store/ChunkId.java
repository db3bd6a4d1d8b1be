package dev.hokan.store;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A 256-bit keyed hash of a chunk's plaintext, its identity inside one vault. */
public record ChunkId(long a, long b, long c, long d) implements Comparable<ChunkId> {
    public static final int BYTES = 32;

    public static ChunkId of(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, BYTES);
        return new ChunkId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    public static ChunkId parse(String hex) {
        if (hex.length() != BYTES * 2) {
            throw new IllegalArgumentException("not a chunk id: " + hex);
        }
        return of(HexFormat.of().parseHex(hex), 0);
    }

    public void writeTo(ByteBuffer buffer) {
        buffer.putLong(a).putLong(b).putLong(c).putLong(d);
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        writeTo(buffer);
        return buffer.array();
    }

    public String hex() {
        return HexFormat.of().formatHex(toBytes());
    }

    @Override
    public int compareTo(ChunkId other) {
        int result = Long.compareUnsigned(a, other.a);
        if (result == 0) result = Long.compareUnsigned(b, other.b);
        if (result == 0) result = Long.compareUnsigned(c, other.c);
        if (result == 0) result = Long.compareUnsigned(d, other.d);
        return result;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(a);
    }

    @Override
    public String toString() {
        return hex();
    }
}
