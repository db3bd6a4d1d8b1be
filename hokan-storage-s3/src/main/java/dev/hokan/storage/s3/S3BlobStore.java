package dev.hokan.storage.s3;

import dev.hokan.store.blob.BlobInfo;
import dev.hokan.store.blob.BlobKeys;
import dev.hokan.store.blob.BlobRange;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.BlobWriter;
import dev.hokan.store.blob.NoSuchBlobException;
import dev.hokan.store.blob.ObjectLock;
import dev.hokan.store.blob.ReadPlan;
import dev.hokan.store.blob.RetryableStorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3 bucket, under a key prefix. What S3 promises is all it relies on: a PUT is atomic and strongly
 * read-after-write consistent, a multipart upload is invisible until completed,
 * and, where the service has them, conditional writes ({@code If-None-Match: *}). There is no rename and none is
 * needed: every object the vault writes is complete when it appears (docs/architecture.md, "Storage backends").
 * <p>
 * Large objects go up as multipart uploads ({@link S3BlobWriter}); {@link #removeAbandonedWrites()} aborts the
 * uploads started more than {@link #ABANDONED_AFTER} ago, which no live writer keeps open that long.
 */
final class S3BlobStore implements BlobStore {
    static final Duration ABANDONED_AFTER = Duration.ofHours(24);
    private static final Logger LOG = Logger.getLogger(S3BlobStore.class.getName());
    private static final int DELETES_AT_ONCE = 16;
    private static final ExecutorService DELETERS = Executors.newVirtualThreadPerTaskExecutor();
    private static final String PROBE_PREFIX = "locks/.conditional-write-probe-";
    /** Where the service ignores If-None-Match, exclusive creation holds within this process only. */
    private static final ConcurrentMap<String, Object> LOCAL_CREATION = new ConcurrentHashMap<>();

    private final S3Client client;
    private final S3Location location;
    private final Clock clock;
    private final ConditionalWrites conditionalWrites;
    private final ReadAhead readAhead;
    private final BucketFeatures features;
    /**
     * What this store set or saw of Object Lock, for as long as it is open: a vault opened again (after a start, or
     * because another vault of its name replaced it, whose objects have keys of the same names) reads it anew.
     */
    private final S3ObjectLock.Memory lockMemory = new S3ObjectLock.Memory();

    S3BlobStore(S3Client client, S3Location location, Clock clock, ConditionalWrites conditionalWrites,
                ReadAhead readAhead, BucketFeatures features) {
        this.client = client;
        this.location = location;
        this.clock = clock;
        this.conditionalWrites = conditionalWrites;
        this.readAhead = readAhead;
        this.features = features;
    }

    S3Client client() {
        return client;
    }

    S3Location location() {
        return location;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        String s3Key = s3Key(key);
        written(s3Key);
        call("PUT " + s3Key, key, () -> client.putObject(r -> r.bucket(location.bucket()).key(s3Key),
                RequestBody.fromBytes(data)));
    }

    @Override
    public BlobWriter create(String key) {
        return new S3BlobWriter(this, s3Key(key));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        String s3Key = s3Key(key);
        if (conditionalWrites.supported(this)) {
            return putIfNoneMatch(s3Key, key, data);
        }
        synchronized (LOCAL_CREATION.computeIfAbsent(location.bucket() + "/" + s3Key, k -> new Object())) {
            if (stat(key).isPresent()) {
                return false;
            }
            put(key, data);
            return true;
        }
    }

    private boolean putIfNoneMatch(String s3Key, String key, byte[] data) throws IOException {
        written(s3Key);
        try {
            client.putObject(r -> r.bucket(location.bucket()).key(s3Key).ifNoneMatch("*"), RequestBody.fromBytes(data));
            return true;
        } catch (SdkException e) {
            if (S3Failures.hasStatus(e, 412)) {
                return false;
            }
            throw S3Failures.of("conditional PUT " + s3Key, key, e);
        }
    }

    /**
     * Whether the service refuses a second {@code If-None-Match: *} PUT of one key: writes a probe object twice, then
     * deletes it. Services that ignore the header would let two collections take the GC lock at once.
     */
    boolean refusesSecondConditionalPut() throws IOException {
        String probe = PROBE_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String s3Key = s3Key(probe);
        try {
            if (!putIfNoneMatch(s3Key, probe, new byte[0])) {
                throw new IOException("conditional PUT of new object " + s3Key + " was refused");
            }
            return !putIfNoneMatch(s3Key, probe, new byte[0]);
        } catch (IOException e) {
            if (e.getCause() instanceof SdkException failure && S3Failures.hasStatus(failure, 501)) {
                return false;
            }
            throw e;
        } finally {
            delete(probe);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        String s3Key = s3Key(key);
        return call("GET " + s3Key, key, () -> client.getObjectAsBytes(r -> r.bucket(location.bucket()).key(s3Key))
                .asByteArray());
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        byte[] data = new byte[Math.max(0, length)];
        read(key, offset, length, data);
        return data;
    }

    /** Through the read-ahead windows: blobs read one after another from a pack cost one GET per window. */
    @Override
    public void read(String key, long offset, int length, byte[] into) throws IOException {
        String s3Key = s3Key(key);
        if (offset < 0 || length < 0) {
            throw new IOException("invalid range " + offset + "+" + length + " of " + key);
        }
        if (length == 0) {
            long size = stat(key).orElseThrow(() -> new NoSuchBlobException(key)).size();
            if (offset > size) {
                throw outside(key, offset, length, size);
            }
            return;
        }
        int read = readAhead.read(location.bucket(), s3Key, offset, length, into,
                (from, window) -> range(key, s3Key, from, window));
        if (read < length) {
            throw outside(key, offset, length, offset + read);
        }
    }

    /** The windows holding what the plan reads are fetched ahead of the reads, a few at a time ({@link ReadAhead}). */
    @Override
    public ReadPlan plan(List<BlobRange> reads) {
        Map<String, ReadAhead.Source> sources = new HashMap<>();
        List<ReadAhead.Extent> extents = new ArrayList<>(reads.size());
        for (BlobRange read : reads) {
            ReadAhead.Source source = sources.computeIfAbsent(read.key(), key -> {
                String s3Key = s3Key(key);
                return new ReadAhead.Source(s3Key, (from, window) -> range(key, s3Key, from, window));
            });
            extents.add(new ReadAhead.Extent(source, read.offset(), read.length()));
        }
        return readAhead.plan(location.bucket(), extents);
    }

    /**
     * One ranged GET into {@code window}: as many bytes from {@code offset} as it holds, fewer at the object's end, and
     * the object's size as the answer's {@code Content-Range} gives it.
     */
    private ReadAhead.Range range(String key, String s3Key, long offset, byte[] window) throws IOException {
        String range = "bytes=" + offset + "-" + (offset + window.length - 1);
        String what = "GET " + s3Key + " " + range;
        return call(what, key, () -> {
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(r -> r.bucket(location.bucket())
                    .key(s3Key).range(range))) {
                return new ReadAhead.Range(window, in.readNBytes(window, 0, window.length),
                        objectSize(in.response().contentRange()));
            } catch (IOException e) {
                throw new RetryableStorageException(what + " failed while reading: " + e.getMessage(), e);
            }
        });
    }

    /** The size after the slash of {@code bytes FIRST-LAST/SIZE}; -1 when absent or unknown ({@code *}). */
    private static long objectSize(String contentRange) {
        int slash = contentRange == null ? -1 : contentRange.lastIndexOf('/');
        if (slash < 0) {
            return -1;
        }
        try {
            return Long.parseLong(contentRange.substring(slash + 1).trim());
        } catch (NumberFormatException unknown) {
            return -1;
        }
    }

    private static IOException outside(String key, long offset, int length, long size) {
        return new IOException("range " + offset + "+" + length + " is outside " + key + " (" + size + " bytes)");
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        String s3Prefix = location.key(prefix);
        return call("LIST " + s3Prefix, null, () -> {
            List<BlobInfo> found = new ArrayList<>();
            for (S3Object object : client.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(s3Prefix))
                    .contents()) {
                found.add(new BlobInfo(location.storeKey(object.key()), object.size(), object.lastModified()));
            }
            return found;
        });
    }

    @Override
    public List<String> children(String prefix) throws IOException {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("not a directory prefix: " + prefix);
        }
        String s3Prefix = location.key(prefix);
        return call("LIST " + s3Prefix + " by /", null, () -> {
            Set<String> names = new LinkedHashSet<>();
            for (var page : client.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(s3Prefix)
                    .delimiter("/"))) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(s3Prefix.length());
                    names.add(name.substring(0, name.length() - 1));
                }
                for (S3Object object : page.contents()) {
                    names.add(object.key().substring(s3Prefix.length()));
                }
            }
            return List.copyOf(names);
        });
    }

    /** S3 answers a DELETE alike whether the object existed or not: a HEAD tells which. */
    @Override
    public boolean delete(String key) throws IOException {
        if (stat(key).isEmpty()) {
            return false;
        }
        String s3Key = s3Key(key);
        written(s3Key);
        if (features.versioned(this)) {
            deleteVersions(s3Key, key, versions(s3Key));
        } else {
            call("DELETE " + s3Key, key, () -> client.deleteObject(r -> r.bucket(location.bucket()).key(s3Key)));
        }
        return true;
    }

    /**
     * On a versioned bucket a plain DELETE only hides the object behind a delete marker, so each version is deleted by
     * its ID. A version Object Lock protects (asked first, with a HEAD of the version) is not: the object is then
     * hidden by a delete marker, gone for the vault, and {@link S3ObjectLock#removeReleased} deletes it once its
     * protection has ended.
     */
    private void deleteVersions(String s3Key, String key, Versions all) throws IOException {
        S3ObjectLock lock = features.objectLock(this) ? new S3ObjectLock(this, lockMemory) : null;
        boolean kept = false;
        for (String version : all.versions().getOrDefault(s3Key, List.of())) {
            if (lock != null && lock.protects(s3Key, version)) {
                kept = true;
            } else {
                deleteVersion(s3Key, version);
            }
        }
        if (kept) {
            call("DELETE " + s3Key, key, () -> client.deleteObject(r -> r.bucket(location.bucket()).key(s3Key)));
        } else {
            for (String marker : all.markers().getOrDefault(s3Key, List.of())) {
                deleteVersion(s3Key, marker);
            }
        }
    }

    /**
     * The version IDs and delete marker IDs under a prefix, by key, and the keys whose latest entry is a delete marker
     * (hidden: gone for readers, kept by the bucket).
     */
    record Versions(Map<String, List<String>> versions, Map<String, List<String>> markers, Set<String> hidden) {
        Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>(versions.keySet());
            keys.addAll(markers.keySet());
            return keys;
        }
    }

    Versions versions(String s3Prefix) throws IOException {
        return call("LIST versions under " + s3Prefix, null, () -> {
            Versions found = new Versions(new HashMap<>(), new HashMap<>(), new HashSet<>());
            for (var page : client.listObjectVersionsPaginator(r -> r.bucket(location.bucket()).prefix(s3Prefix))) {
                page.versions().forEach(v -> found.versions().computeIfAbsent(v.key(), k -> new ArrayList<>())
                        .add(v.versionId()));
                for (var marker : page.deleteMarkers()) {
                    found.markers().computeIfAbsent(marker.key(), k -> new ArrayList<>()).add(marker.versionId());
                    if (marker.isLatest()) {
                        found.hidden().add(marker.key());
                    }
                }
            }
            return found;
        });
    }

    /** Deletes one version (or delete marker) of an object. */
    void deleteVersion(String s3Key, String versionId) throws IOException {
        call("DELETE " + s3Key + " version " + versionId, null, () -> client.deleteObject(r -> r
                .bucket(location.bucket()).key(s3Key).versionId(versionId)));
    }

    /** Where the bucket has Object Lock enabled. */
    @Override
    public Optional<ObjectLock> objectLock() throws IOException {
        return features.objectLock(this) ? Optional.of(new S3ObjectLock(this, lockMemory)) : Optional.empty();
    }

    /**
     * Deletes the objects (on a versioned bucket every version of them), several at once, and aborts the uploads under
     * the prefix. Not by multi-object DELETE: S3 requires a checksum header on it that some S3-compatible services
     * refuse.
     */
    @Override
    public void deleteAll(String prefix) throws IOException {
        List<Future<Object>> deletions = new ArrayList<>();
        Semaphore slots = new Semaphore(DELETES_AT_ONCE);
        Versions versions = features.versioned(this) ? versions(location.key(prefix)) : null;
        for (String s3Key : versions != null ? versions.keys() : list(prefix).stream()
                .map(info -> location.key(info.key())).toList()) {
            written(s3Key);
            slots.acquireUninterruptibly();
            deletions.add(DELETERS.submit(() -> {
                try {
                    if (versions != null) {
                        deleteVersions(s3Key, null, versions);
                        return null;
                    }
                    return call("DELETE " + s3Key, null, () -> client.deleteObject(r -> r.bucket(location.bucket())
                            .key(s3Key)));
                } finally {
                    slots.release();
                }
            }));
        }
        for (Future<Object> deletion : deletions) {
            try {
                deletion.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while deleting under " + location.key(prefix));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        abortUploads(location.key(prefix), Instant.MAX);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        String s3Key = s3Key(key);
        try {
            HeadObjectResponse head = client.headObject(r -> r.bucket(location.bucket()).key(s3Key));
            return Optional.of(new BlobInfo(key, head.contentLength(), head.lastModified()));
        } catch (SdkException e) {
            if (S3Failures.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw S3Failures.of("HEAD " + s3Key, key, e);
        }
    }

    /** Aborts the multipart uploads under the store's prefix that were started more than a day ago. */
    @Override
    public int removeAbandonedWrites() throws IOException {
        return abortUploads(location.prefix(), clock.instant().minus(ABANDONED_AFTER));
    }

    private int abortUploads(String s3Prefix, Instant startedBefore) throws IOException {
        List<MultipartUpload> stale = call("LIST uploads under " + s3Prefix, null, () -> {
            List<MultipartUpload> found = new ArrayList<>();
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(r -> r.bucket(location.bucket())
                    .prefix(s3Prefix)).uploads()) {
                if (upload.initiated().isBefore(startedBefore)) {
                    found.add(upload);
                }
            }
            return found;
        });
        for (MultipartUpload upload : stale) {
            abort(upload.key(), upload.uploadId());
        }
        if (!stale.isEmpty()) {
            LOG.info("Aborted " + stale.size() + " unfinished uploads under " + location.bucket() + "/" + s3Prefix);
        }
        return stale.size();
    }

    /** This process changes the object: the windows read of it before are no longer its content. */
    void written(String s3Key) {
        readAhead.forget(location.bucket(), s3Key);
    }

    void abort(String s3Key, String uploadId) throws IOException {
        try {
            client.abortMultipartUpload(r -> r.bucket(location.bucket()).key(s3Key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Failures.hasStatus(e, 404)) {
                throw S3Failures.of("abort upload of " + s3Key, null, e);
            }
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }

    String s3Key(String key) {
        return location.key(BlobKeys.requireValid(key));
    }

    interface S3Call<T> {
        T run() throws IOException;
    }

    /** Makes the call, reporting its failure as the vault understands it. */
    static <T> T call(String what, String key, S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw S3Failures.of(what, key, e);
        }
    }
}
