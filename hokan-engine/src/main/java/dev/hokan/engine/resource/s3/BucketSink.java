package dev.hokan.engine.resource.s3;

import dev.hokan.store.FileProblem;
import dev.hokan.store.restore.RelativePathSink;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes a bucket's recovery point as objects of the destination bucket, each file's path its key. An object's metadata
 * and tags arrive after its content ({@link #metadata}): an object of up to one part ({@value #PART} bytes) is held
 * until then and written by one PUT with them; a larger one goes up as a multipart upload as its content arrives,
 * then is copied onto itself with them. Objects outside the chosen prefixes are not written; objects already in the
 * bucket are left as they are unless {@code overwrite}, and counted. Of a versioned bucket's snapshot, only the objects
 * current at the backup are written, as AWS Backup restores S3 (the latest version of each object); the older versions
 * and delete markers it keeps ({@link BucketSource#VERSIONS}) are not. A restore test's sink also records each object
 * it wrote ({@link WrittenObjects}), with the MD5 of its bytes computed as they arrive.
 */
final class BucketSink implements RelativePathSink {
    private static final int PART = 8 << 20;

    private final BucketAccess destination;
    private final S3Client s3;
    private final List<String> prefixes;
    private final boolean overwrite;
    private final AtomicLong leftAsTheyWere = new AtomicLong();
    private final List<FileProblem> problems = Collections.synchronizedList(new ArrayList<>());
    private final Optional<WrittenObjects> written;

    BucketSink(BucketAccess destination, S3Client s3, List<String> prefixes, boolean overwrite,
               Optional<WrittenObjects> written) {
        this.destination = destination;
        this.s3 = s3;
        this.prefixes = prefixes;
        this.overwrite = overwrite;
        this.written = written;
    }

    /** What an earlier run wrote is whole: S3 makes an object visible only once it is complete. */
    @Override
    public String reopen(boolean whole) {
        return open(whole);
    }

    /**
     * An object of the file's size: an object appears whole or not at all, and the earlier run stored its metadata
     * before it counted the file complete; S3 keeps no time of the file's own to compare.
     */
    @Override
    public boolean holds(String key, Node node, long size) throws IOException {
        return objectSize(key).filter(found -> found == size).isPresent();
    }

    @Override
    public void directory(String place) {
        // a bucket has no directories: keys hold the path
    }

    @Override
    public void symlink(String place, Node node) {
        problems.add(new FileProblem(place, "a symbolic link is not an object; not restored"));
    }

    @Override
    public void special(String place, Node node) {
        problems.add(new FileProblem(place, "a special file is not an object; not restored"));
    }

    @Override
    public ContentWriter file(String key, long size) throws IOException {
        if (key.startsWith(BucketSource.VERSIONS + "/")
                || !prefixes.isEmpty() && prefixes.stream().noneMatch(key::startsWith)) {
            return new Discarded();
        }
        if (!overwrite && exists(key)) {
            leftAsTheyWere.incrementAndGet();
            return new Discarded();
        }
        return new ObjectWriter(key);
    }

    @Override
    public void link(String place, String first) {
        problems.add(new FileProblem(place, "a second name of " + first + " is not an object; not restored"));
    }

    @Override
    public void metadata(String place, Node node) {
        // a bucket has no directories
    }

    @Override
    public Collection<FileProblem> problems() {
        return List.copyOf(problems);
    }

    @Override
    public Optional<String> outcome() {
        long left = leftAsTheyWere.get();
        return left == 0 ? Optional.empty() : Optional.of(left + " object(s) already in bucket " + destination.bucket()
                + " were left as they were (Overwrite is not \"true\")");
    }

    @Override
    public void close() throws IOException {
        try (s3) {
            if (written.isPresent()) {
                written.get().close();
            }
        }
    }

    private boolean exists(String key) throws IOException {
        return objectSize(key).isPresent();
    }

    /** The size of the object at {@code key}, if there is one. */
    private Optional<Long> objectSize(String key) throws IOException {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(destination.bucket()).key(key)).contentLength());
        } catch (NoSuchKeyException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("HEAD " + key, e);
        }
    }

    private IOException failure(String what, SdkException e) {
        return new IOException(what + " in bucket " + destination.describe() + " failed: " + BucketAccess.reason(e), e);
    }

    /** Content that is not written. */
    private static final class Discarded implements ContentWriter {
        @Override
        public void write(byte[] data, int length, long position) {
            // not restored
        }

        @Override
        public boolean inOrder() {
            return true;
        }

        @Override
        public void finish(Node node) {
            // nothing was written
        }

        @Override
        public void abandon() {
            // nothing was written
        }
    }

    /** One object's content: held up to one part, beyond that uploaded part by part. */
    private final class ObjectWriter implements ContentWriter {
        private final String key;
        private byte[] buffer = new byte[0];
        private int filled;
        private String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private final MessageDigest md5;

        ObjectWriter(String key) {
            this.key = key;
            this.md5 = written.isPresent() ? WrittenObjects.md5() : null;
        }

        @Override
        public boolean inOrder() {
            return true;
        }

        @Override
        public void write(byte[] data, int length, long position) throws IOException {
            if (md5 != null) {
                md5.update(data, 0, length);
            }
            int offset = 0;
            while (offset < length) {
                if (filled == PART) {
                    uploadPart();
                }
                int n = Math.min(length - offset, PART - filled);
                if (buffer.length < filled + n) {
                    buffer = Arrays.copyOf(buffer, Math.min(PART, Math.max(filled + n, buffer.length * 2)));
                }
                System.arraycopy(data, offset, buffer, filled, n);
                filled += n;
                offset += n;
            }
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(destination.bucket()).key(key)).uploadId();
                }
                int number = parts.size() + 1;
                String eTag = s3.uploadPart(r -> r.bucket(destination.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(Arrays.copyOf(buffer, filled))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                filled = 0;
            } catch (SdkException e) {
                throw failure("Uploading " + key, e);
            }
        }

        /** Completes the upload, if the content went up in parts, and writes the object with its metadata. */
        @Override
        public void finish(Node node) throws IOException {
            if (uploadId != null) {
                uploadPart();
                try {
                    s3.completeMultipartUpload(r -> r.bucket(destination.bucket()).key(key).uploadId(uploadId)
                            .multipartUpload(u -> u.parts(parts)));
                } catch (SdkException e) {
                    throw failure("Completing " + key, e);
                }
            }
            store(ObjectMetadata.of(node.attributes()));
        }

        /** Writes the object with its metadata and tags: the held content, or a copy of the uploaded one onto itself. */
        private void store(ObjectMetadata metadata) throws IOException {
            try {
                if (uploadId == null) {
                    s3.putObject(metadata.onto(PutObjectRequest.builder()
                            .bucket(destination.bucket()).key(key)).build(), RequestBody.fromBytes(Arrays.copyOf(buffer, filled)));
                } else {
                    s3.copyObject(metadata.onto(CopyObjectRequest.builder()
                            .sourceBucket(destination.bucket()).sourceKey(key)
                            .destinationBucket(destination.bucket()).destinationKey(key)
                            .metadataDirective(MetadataDirective.REPLACE))
                            .build());
                }
            } catch (SdkException e) {
                throw failure("Writing " + key, e);
            }
            if (written.isPresent()) {
                written.get().add(new WrittenObjects.Written(key, metadata.eTag().orElse(null),
                        HexFormat.of().formatHex(md5.digest()), uploadId == null));
            }
        }

        @Override
        public void abandon() {
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(destination.bucket()).key(key).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // what a failed abort leaves is an upload nobody completes, never a partial object
                }
            }
        }
    }
}
