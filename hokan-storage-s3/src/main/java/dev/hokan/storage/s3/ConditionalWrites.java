package dev.hokan.storage.s3;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Whether a bucket's service honours {@code If-None-Match: *} on PUT (AWS S3 and MinIO do; some S3-compatible
 * services ignore it and overwrite), found out once per bucket by a probe. Where it does not, exclusive creation
 * holds only within this process: one server per vault location is safe, two hosts sharing one are not.
 */
final class ConditionalWrites {
    private static final Logger LOG = Logger.getLogger(ConditionalWrites.class.getName());
    private final Map<String, Boolean> byBucket = new ConcurrentHashMap<>();

    boolean supported(S3BlobStore store) throws IOException {
        String bucket = store.location().bucket();
        Boolean known = byBucket.get(bucket);
        if (known != null) {
            return known;
        }
        // one probe per bucket, however many writers ask at once (each probe writes and deletes an object)
        synchronized (this) {
            return probed(store, bucket);
        }
    }

    private boolean probed(S3BlobStore store, String bucket) throws IOException {
        Boolean known = byBucket.get(bucket);
        if (known == null) {
            known = store.refusesSecondConditionalPut();
            if (!known) {
                LOG.warning("The S3 service of bucket " + bucket + " ignores If-None-Match: creating an object only"
                        + " if absent (the garbage collection lock) is exclusive within this process only; do not"
                        + " let two hosts use the same vault location");
            }
            byBucket.put(bucket, known);
        }
        return known;
    }
}
