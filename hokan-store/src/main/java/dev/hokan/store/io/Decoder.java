package dev.hokan.store.io;

import dev.hokan.store.ChunkId;
import dev.hokan.store.ObjectId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads what {@link Encoder} wrote; any malformed input is an IOException naming the object. */
public final class Decoder {
    private final byte[] buffer;
    private final String what;
    private int position;

    public Decoder(byte[] buffer, String what) {
        this.buffer = buffer;
        this.what = what;
    }

    private void need(int count) throws IOException {
        if (count < 0 || position + count > buffer.length) {
            throw new IOException(what + " is malformed (truncated at byte " + position + ")");
        }
    }

    public boolean hasMore() {
        return position < buffer.length;
    }

    public int u8() throws IOException {
        need(1);
        return buffer[position++] & 0xFF;
    }

    public long varlong() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException(what + " is malformed (overlong number)");
    }

    public int varint() throws IOException {
        long value = varlong();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IOException(what + " is malformed (count " + value + " out of range)");
        }
        return (int) value;
    }

    /**
     * A count of items that take at least {@code minBytesEach} bytes each: a corrupt or hostile count fails here,
     * before a reader sizes anything by it.
     */
    public int count(int minBytesEach) throws IOException {
        int count = varint();
        if ((long) count * minBytesEach > buffer.length - position) {
            throw new IOException(what + " is malformed (count " + count + " exceeds what remains)");
        }
        return count;
    }

    public long signed() throws IOException {
        long raw = varlong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public long fixed64() throws IOException {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buffer[position++] & 0xFF);
        }
        return value;
    }

    public byte[] bytes() throws IOException {
        int length = varint();
        need(length);
        byte[] value = new byte[length];
        System.arraycopy(buffer, position, value, 0, length);
        position += length;
        return value;
    }

    public String string() throws IOException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public ChunkId chunkId() throws IOException {
        return new ChunkId(fixed64(), fixed64(), fixed64(), fixed64());
    }

    public ObjectId objectId() throws IOException {
        return new ObjectId(fixed64(), fixed64());
    }

    public Map<String, String> strings() throws IOException {
        int count = varint();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(string(), string());
        }
        return map;
    }
}
