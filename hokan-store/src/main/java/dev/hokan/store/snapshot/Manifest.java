package dev.hokan.store.snapshot;

import dev.hokan.store.ChunkId;
import dev.hokan.store.FileProblem;
import dev.hokan.store.ObjectId;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recovery point: the root tree of what was backed up and everything needed to understand it without
 * any catalog. Written once, last, after all the blobs it refers to are durable and indexed.
 */
public record Manifest(ObjectId id, String resource, Instant time, SnapshotStatus status, Map<String, String> tags,
                       ChunkId root, String parent, String sourcePath, String host, long fileCount, long totalBytes,
                       List<FileProblem> problems, List<String> skipped) {
    private static final int FORMAT = 1;

    public Manifest {
        tags = Map.copyOf(tags);
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }

    public SnapshotInfo info() {
        return new SnapshotInfo(id.hex(), resource, time, status, tags, totalBytes, fileCount, sourcePath);
    }

    public Manifest withId(ObjectId newId) {
        return new Manifest(newId, resource, time, status, tags, root, parent, sourcePath, host, fileCount, totalBytes, problems, skipped);
    }

    public Manifest withRoot(ChunkId newRoot, String newParent) {
        return new Manifest(id, resource, time, status, tags, newRoot, newParent, sourcePath, host, fileCount, totalBytes, problems, skipped);
    }

    byte[] encode() {
        Encoder out = new Encoder();
        out.u8(FORMAT).objectId(id).string(resource).signed(time.getEpochSecond()).varlong(time.getNano())
                .u8(status.ordinal()).strings(tags).chunkId(root).string(parent).string(sourcePath).string(host)
                .varlong(fileCount).varlong(totalBytes).varlong(problems.size());
        problems.forEach(p -> out.string(p.path()).string(p.reason()));
        out.varlong(skipped.size());
        skipped.forEach(out::string);
        return out.toBytes();
    }

    static Manifest decode(byte[] bytes, String what) throws IOException {
        Decoder in = new Decoder(bytes, what);
        int format = in.u8();
        if (format != FORMAT) {
            throw new IOException(what + " has unknown format " + format);
        }
        ObjectId id = in.objectId();
        String resource = in.string();
        Instant time = Instant.ofEpochSecond(in.signed(), in.varlong());
        int statusCode = in.u8();
        if (statusCode >= SnapshotStatus.values().length) {
            throw new IOException(what + " has unknown status " + statusCode);
        }
        SnapshotStatus status = SnapshotStatus.values()[statusCode];
        Map<String, String> tags = in.strings();
        ChunkId root = in.chunkId();
        String parent = in.string();
        String source = in.string();
        String host = in.string();
        long files = in.varlong();
        long bytes2 = in.varlong();
        int problemCount = in.varint();
        List<FileProblem> problems = new ArrayList<>(problemCount);
        for (int i = 0; i < problemCount; i++) {
            problems.add(new FileProblem(in.string(), in.string()));
        }
        int skippedCount = in.varint();
        List<String> skipped = new ArrayList<>(skippedCount);
        for (int i = 0; i < skippedCount; i++) {
            skipped.add(in.string());
        }
        return new Manifest(id, resource, time, status, tags, root, parent, source, host, files, bytes2, problems, skipped);
    }
}
