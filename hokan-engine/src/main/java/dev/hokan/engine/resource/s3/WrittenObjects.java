package dev.hokan.engine.resource.s3;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a restore test's restore wrote into its scratch bucket, one JSON line per object in a file of the test's
 * scratch directory: each object's key, the ETag its recovery point recorded (null for points made before backups
 * recorded ETags), the MD5 of the point's bytes as the restore read them, and whether it was written by one PUT.
 */
final class WrittenObjects implements Closeable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One object the restore wrote. */
    record Written(String key, String recordedETag, String md5, boolean onePart) {
    }

    private final BufferedWriter out;

    private WrittenObjects(BufferedWriter out) {
        this.out = out;
    }

    static WrittenObjects create(Path file) throws IOException {
        return new WrittenObjects(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    synchronized void add(Written object) throws IOException {
        out.write(JSON.writeValueAsString(JSON.createObjectNode().put("Key", object.key())
                .put("RecordedETag", object.recordedETag()).put("Md5", object.md5())
                .put("OnePart", object.onePart())));
        out.newLine();
    }

    /** The objects the file lists, by key. */
    static Map<String, Written> read(Path file) throws IOException {
        Map<String, Written> objects = new HashMap<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.map(JSON::readTree).forEach(line -> objects.put(line.get("Key").asString(), new Written(
                    line.get("Key").asString(), text(line.get("RecordedETag")), line.get("Md5").asString(),
                    line.get("OnePart").asBoolean())));
        }
        return objects;
    }

    /** A digest of the MD5s this file records. */
    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
