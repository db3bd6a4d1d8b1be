package dev.hokan.store.copy;

import dev.hokan.store.BlobType;
import dev.hokan.store.ChunkId;
import dev.hokan.store.FileProblem;
import dev.hokan.store.ObjectId;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The binary messages of the copy protocol, for carrying {@link CopyDestination} calls between sites (for
 * instance as application/octet-stream bodies). Every message starts with the format and its kind; a request
 * gets the reply of its kind. Decoding checks every count and size against the bytes present and against the
 * protocol's limits before sizing anything by it, and fails with {@link CopyRefusedException}.
 */
public final class CopyWire {
    /** No message is longer: a transport may refuse a longer body before reading it. */
    public static final int MAX_MESSAGE_BYTES = CopyDestination.MAX_BATCH_BYTES
            + CopyDestination.MAX_BATCH_BLOBS * (2 + ChunkId.BYTES + 5) + 16;
    private static final int FORMAT = 1;
    private static final int BLOB_MIN_BYTES = 1 + ChunkId.BYTES + 1;
    private static final int PROBLEM_MIN_BYTES = 2;

    private enum Kind {
        MISSING, MISSING_REPLY, BLOBS, RECEIPT, COMMIT, COMMITTED
    }

    private CopyWire() {
    }

    /** Answers one request on behalf of {@code destination}; a refused or failed call throws. */
    public static byte[] serve(CopyDestination destination, byte[] request) throws IOException {
        Kind kind = peek(request);
        return switch (kind) {
            case MISSING -> encodeMissingReply(destination.missing(decodeMissing(request)));
            case BLOBS -> encodeReceipt(destination.receive(decodeBlobs(request)));
            case COMMIT -> encodeCommitted(destination.commit(decodeCommit(request)));
            default -> throw new CopyRefusedException("a copy request cannot be a " + kind + " message");
        };
    }

    public static byte[] encodeMissing(List<ChunkId> sourceIds) {
        return ids(start(Kind.MISSING, sourceIds.size() * ChunkId.BYTES), sourceIds).toBytes();
    }

    public static List<ChunkId> decodeMissing(byte[] message) throws IOException {
        return decode(message, Kind.MISSING, CopyWire::ids);
    }

    public static byte[] encodeMissingReply(Set<ChunkId> missing) {
        return ids(start(Kind.MISSING_REPLY, missing.size() * ChunkId.BYTES), missing).toBytes();
    }

    public static Set<ChunkId> decodeMissingReply(byte[] message) throws IOException {
        return new HashSet<>(decode(message, Kind.MISSING_REPLY, CopyWire::ids));
    }

    public static byte[] encodeBlobs(List<CopyBlob> blobs) {
        long size = blobs.stream().mapToLong(b -> BLOB_MIN_BYTES + 4 + b.plaintext().length).sum();
        Encoder out = start(Kind.BLOBS, (int) Math.min(size, MAX_MESSAGE_BYTES)).varlong(blobs.size());
        for (CopyBlob blob : blobs) {
            out.u8(blob.type().code()).chunkId(blob.sourceId()).bytes(blob.plaintext());
        }
        return out.toBytes();
    }

    public static List<CopyBlob> decodeBlobs(byte[] message) throws IOException {
        return decode(message, Kind.BLOBS, in -> {
            int count = in.count(BLOB_MIN_BYTES);
            if (count > CopyDestination.MAX_BATCH_BLOBS) {
                throw new IOException("copy batch of " + count + " blobs is over the limit of " + CopyDestination.MAX_BATCH_BLOBS);
            }
            List<CopyBlob> blobs = new ArrayList<>(count);
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                int code = in.u8();
                if (code != BlobType.DATA.code() && code != BlobType.TREE.code()) {
                    throw new IOException("copy batch has a blob of unknown type " + code);
                }
                CopyBlob blob = new CopyBlob(BlobType.of(code), in.chunkId(), in.bytes());
                bytes += blob.plaintext().length;
                if (bytes > CopyDestination.MAX_BATCH_BYTES) {
                    throw new IOException("copy batch is over the limit of " + CopyDestination.MAX_BATCH_BYTES + " bytes");
                }
                blobs.add(blob);
            }
            return blobs;
        });
    }

    public static byte[] encodeReceipt(BatchReceipt receipt) {
        return start(Kind.RECEIPT, 30).varlong(receipt.newBlobs()).varlong(receipt.newBytes()).varlong(receipt.storedBytes()).toBytes();
    }

    public static BatchReceipt decodeReceipt(byte[] message) throws IOException {
        return decode(message, Kind.RECEIPT, in -> new BatchReceipt(in.varlong(), in.varlong(), in.varlong()));
    }

    public static byte[] encodeCommit(CopyManifest manifest) {
        Encoder out = start(Kind.COMMIT, 256).string(manifest.resource()).signed(manifest.time().getEpochSecond())
                .varlong(manifest.time().getNano()).u8(manifest.status().ordinal()).strings(manifest.tags())
                .chunkId(manifest.sourceRoot()).string(manifest.sourcePath()).string(manifest.host())
                .varlong(manifest.fileCount()).varlong(manifest.totalBytes()).varlong(manifest.problems().size());
        manifest.problems().forEach(p -> out.string(p.path()).string(p.reason()));
        out.varlong(manifest.skipped().size());
        manifest.skipped().forEach(out::string);
        return out.toBytes();
    }

    public static CopyManifest decodeCommit(byte[] message) throws IOException {
        return decode(message, Kind.COMMIT, in -> {
            String resource = in.string();
            Instant time = instant(in.signed(), in.varlong());
            int status = in.u8();
            if (status >= SnapshotStatus.values().length) {
                throw new IOException("copy manifest has unknown status " + status);
            }
            Map<String, String> tags = in.strings();
            ChunkId root = in.chunkId();
            String sourcePath = in.string();
            String host = in.string();
            long files = nonNegative(in.varlong());
            long bytes = nonNegative(in.varlong());
            int problemCount = in.count(PROBLEM_MIN_BYTES);
            List<FileProblem> problems = new ArrayList<>(problemCount);
            for (int i = 0; i < problemCount; i++) {
                problems.add(new FileProblem(in.string(), in.string()));
            }
            int skippedCount = in.count(1);
            List<String> skipped = new ArrayList<>(skippedCount);
            for (int i = 0; i < skippedCount; i++) {
                skipped.add(in.string());
            }
            return new CopyManifest(resource, time, SnapshotStatus.values()[status], tags, root, sourcePath, host,
                    files, bytes, problems, skipped);
        });
    }

    public static byte[] encodeCommitted(String snapshotId) {
        return start(Kind.COMMITTED, 40).string(snapshotId).toBytes();
    }

    public static String decodeCommitted(byte[] message) throws IOException {
        return decode(message, Kind.COMMITTED, in -> {
            String id = in.string();
            if (!ObjectId.isValid(id)) {
                throw new IOException("copy commit answered with an invalid recovery point ID");
            }
            return id;
        });
    }

    private static Encoder start(Kind kind, int size) {
        return new Encoder(size + 16).u8(FORMAT).u8(kind.ordinal());
    }

    private static Encoder ids(Encoder out, Collection<ChunkId> ids) {
        out.varlong(ids.size());
        ids.forEach(out::chunkId);
        return out;
    }

    private static List<ChunkId> ids(Decoder in) throws IOException {
        int count = in.count(ChunkId.BYTES);
        if (count > CopyDestination.MAX_IDS) {
            throw new IOException("copy message lists " + count + " IDs, over the limit of " + CopyDestination.MAX_IDS);
        }
        List<ChunkId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.chunkId());
        }
        return ids;
    }

    private static Instant instant(long seconds, long nanos) throws IOException {
        if (nanos < 0 || nanos >= 1_000_000_000L) {
            throw new IOException("copy manifest has a time with " + nanos + " nanoseconds");
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new IOException("copy manifest has an impossible time", e);
        }
    }

    private static long nonNegative(long value) throws IOException {
        if (value < 0) {
            throw new IOException("copy manifest has a count out of range");
        }
        return value;
    }

    private static Kind peek(byte[] message) throws IOException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new CopyRefusedException("copy message of " + message.length + " bytes is over the limit of " + MAX_MESSAGE_BYTES);
        }
        if (message.length < 2 || message[0] != FORMAT) {
            throw new CopyRefusedException("not a copy message of format " + FORMAT);
        }
        int kind = message[1] & 0xFF;
        if (kind >= Kind.values().length) {
            throw new CopyRefusedException("copy message of unknown kind " + kind);
        }
        return Kind.values()[kind];
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Decoder in) throws IOException;
    }

    private static <T> T decode(byte[] message, Kind expected, Reader<T> reader) throws IOException {
        Kind kind = peek(message);
        if (kind != expected) {
            throw new CopyRefusedException("expected a copy " + expected + " message, got " + kind);
        }
        String what = "copy " + kind + " message";
        try {
            Decoder in = new Decoder(message, what);
            in.u8();
            in.u8();
            T value = reader.read(in);
            if (in.hasMore()) {
                throw new IOException(what + " is malformed (bytes after its end)");
            }
            return value;
        } catch (CopyRefusedException refused) {
            throw refused;
        } catch (IOException malformed) {
            throw new CopyRefusedException(malformed.getMessage(), malformed);
        }
    }
}
