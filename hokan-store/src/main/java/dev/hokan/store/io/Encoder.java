package dev.hokan.store.io;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Compact binary writer for the vault's own objects (trees, manifests, indexes): varints, strings, IDs. */
public final class Encoder {
    private byte[] buffer;
    private int size;

    public Encoder() {
        this(256);
    }

    public Encoder(int capacity) {
        buffer = new byte[capacity];
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    public Encoder u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Unsigned LEB128. */
    public Encoder varlong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    /** Zig-zag encoded, for values that may be negative (times before 1970, unknown IDs). */
    public Encoder signed(long value) {
        return varlong((value << 1) ^ (value >> 63));
    }

    public Encoder fixed64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public Encoder bytes(byte[] value) {
        varlong(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    public Encoder string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public Encoder chunkId(ChunkId id) {
        return fixed64(id.a()).fixed64(id.b()).fixed64(id.c()).fixed64(id.d());
    }

    public Encoder objectId(ObjectId id) {
        return fixed64(id.hi()).fixed64(id.lo());
    }

    public Encoder strings(Map<String, String> map) {
        varlong(map.size());
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> string(e.getKey()).string(e.getValue()));
        return this;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buffer, size);
    }
}
