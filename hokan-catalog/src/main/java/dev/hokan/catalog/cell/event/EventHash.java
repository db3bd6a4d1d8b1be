package dev.hokan.catalog.cell.event;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash that chains an event to the one before it: SHA-256 over a canonical encoding of the previous event's
 * hash and this event's fields, each string as its UTF-8 length (-1 for null) and bytes, the time as epoch
 * milliseconds (what the catalog keeps), the details as their count and the pairs in key order (pairs without a
 * value are left out, as the catalog's JSON leaves them out).
 */
final class EventHash {
    private EventHash() {
    }

    static String of(String previousHash, Event e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, previousHash);
            write(out, e.eventId());
            out.writeLong(e.time().toEpochMilli());
            write(out, e.type());
            write(out, e.resourceArn());
            write(out, e.actor());
            write(out, e.message());
            Map<String, String> details = new TreeMap<>();
            e.details().forEach((name, value) -> {
                if (value != null) {
                    details.put(name, value);
                }
            });
            out.writeInt(details.size());
            for (Map.Entry<String, String> d : details.entrySet()) {
                write(out, d.getKey());
                write(out, d.getValue());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("Every Java runtime has SHA-256", missing);
        }
    }

    private static void write(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
