package dev.hokan.storage.s3;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;

/**
 * What a bucket has that changes how the store deletes and protects objects, asked once per bucket: versioning (a
 * plain DELETE then only hides an object behind a delete marker) and Object Lock (which implies versioning). A service
 * that does not know the question (s3proxy answers 501) has neither.
 */
final class BucketFeatures {
    private static final Logger LOG = Logger.getLogger(BucketFeatures.class.getName());
    private final Map<String, Boolean> versioned = new ConcurrentHashMap<>();
    private final Map<String, Boolean> objectLock = new ConcurrentHashMap<>();

    boolean versioned(S3BlobStore store) throws IOException {
        String bucket = store.location().bucket();
        Boolean known = versioned.get(bucket);
        if (known == null) {
            // Enabled or Suspended: either way the bucket may hold versions; never versioned: no status
            known = ask("GET versioning of bucket " + bucket, () -> store.client()
                    .getBucketVersioning(r -> r.bucket(bucket)).status() != null);
            versioned.put(bucket, known);
        }
        return known;
    }

    boolean objectLock(S3BlobStore store) throws IOException {
        String bucket = store.location().bucket();
        Boolean known = objectLock.get(bucket);
        if (known == null) {
            known = ask("GET object lock configuration of bucket " + bucket, () -> {
                var configuration = store.client().getObjectLockConfiguration(r -> r.bucket(bucket))
                        .objectLockConfiguration();
                return configuration != null && configuration.objectLockEnabled() == ObjectLockEnabled.ENABLED;
            });
            objectLock.put(bucket, known);
        }
        return known;
    }

    /**
     * The answer, false where the bucket has no such configuration (404) or the service does not implement the call
     * (501, or 400 NotImplemented); false with a warning where the credentials may not ask (403).
     */
    private static boolean ask(String what, S3BlobStore.S3Call<Boolean> question) throws IOException {
        try {
            return question.run();
        } catch (SdkException e) {
            if (S3Failures.hasStatus(e, 404) || S3Failures.hasStatus(e, 501) || S3Failures.hasCode(e, "NotImplemented")) {
                return false;
            }
            if (S3Failures.hasStatus(e, 403)) {
                LOG.warning(what + " was refused (403): taken as not configured; give the credentials that permission");
                return false;
            }
            throw S3Failures.of(what, null, e);
        }
    }
}
