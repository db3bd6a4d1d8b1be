package dev.hokan.storage.s3;

import dev.hokan.store.blob.ObjectLock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * S3 Object Lock on a store's objects: COMPLIANCE retention ({@code PutObjectRetention}) and legal holds
 * ({@code PutObjectLegalHold}) on their current versions, read back with one HEAD (its {@code x-amz-object-lock-*}
 * headers give both). What the store set or saw is remembered while it is open, so protecting an object again to the
 * same date or state costs no request.
 */
final class S3ObjectLock implements ObjectLock {
    private static final Logger LOG = Logger.getLogger(S3ObjectLock.class.getName());
    private final S3BlobStore store;
    private final Memory memory;

    /** What one store set or saw on objects, by bucket and key. */
    static final class Memory {
        private final ConcurrentMap<String, Known> objects = new ConcurrentHashMap<>();
    }

    /** An object's retention date (null: none) and legal hold, as last set or seen. */
    private record Known(Instant retainUntil, boolean legalHold) {
    }

    S3ObjectLock(S3BlobStore store, Memory memory) {
        this.store = store;
        this.memory = memory;
    }

    @Override
    public Optional<Protection> protection(String key) throws IOException {
        return head(store.s3Key(key), null).flatMap(this::protection);
    }

    private Optional<Protection> protection(HeadObjectResponse head) {
        Optional<Instant> until = Optional.ofNullable(head.objectLockRetainUntilDate())
                .filter(at -> head.objectLockMode() != null && at.isAfter(store.clock().instant()));
        boolean held = head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON;
        return until.isPresent() || held ? Optional.of(new Protection(until, held)) : Optional.empty();
    }

    @Override
    public void retainUntil(String key, Instant until) throws IOException {
        String s3Key = store.s3Key(key);
        Known known = known(s3Key, key);
        if (known.retainUntil() != null && !known.retainUntil().isBefore(until)) {
            return;
        }
        S3BlobStore.call("PUT retention of " + s3Key, key, () -> store.client().putObjectRetention(r -> r
                .bucket(store.location().bucket()).key(s3Key)
                .retention(retention -> retention.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until))));
        memory.objects.put(id(s3Key), new Known(until, known.legalHold()));
    }

    @Override
    public void legalHold(String key, boolean on) throws IOException {
        String s3Key = store.s3Key(key);
        Known known = known(s3Key, key);
        if (known.legalHold() == on) {
            return;
        }
        S3BlobStore.call("PUT legal hold of " + s3Key, key, () -> store.client().putObjectLegalHold(r -> r
                .bucket(store.location().bucket()).key(s3Key)
                .legalHold(hold -> hold.status(on ? ObjectLockLegalHoldStatus.ON : ObjectLockLegalHoldStatus.OFF))));
        memory.objects.put(id(s3Key), new Known(known.retainUntil(), on));
    }

    /** What the object carries: remembered, or read with one HEAD the first time. */
    private Known known(String s3Key, String key) throws IOException {
        Known known = memory.objects.get(id(s3Key));
        if (known == null) {
            HeadObjectResponse head = head(s3Key, key).orElseThrow(() -> new IOException("cannot protect " + key
                    + " in " + store.describe() + ": it does not exist"));
            known = new Known(head.objectLockMode() == null ? null : head.objectLockRetainUntilDate(),
                    head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON);
            memory.objects.put(id(s3Key), known);
        }
        return known;
    }

    /**
     * Deletes the versions that deletions left hidden behind a delete marker because Object Lock protected them, once
     * it no longer does, and the markers once nothing is left behind them.
     */
    @Override
    public int removeReleased() throws IOException {
        S3BlobStore.Versions all = store.versions(store.location().prefix());
        int removed = 0;
        for (String s3Key : all.hidden()) {
            boolean kept = false;
            for (String version : all.versions().getOrDefault(s3Key, List.of())) {
                if (protects(s3Key, version)) {
                    kept = true;
                } else {
                    store.deleteVersion(s3Key, version);
                    removed++;
                }
            }
            if (!kept) {
                for (String marker : all.markers().get(s3Key)) {
                    store.deleteVersion(s3Key, marker);
                }
            }
        }
        if (removed > 0) {
            LOG.info("Removed " + removed + " versions under " + store.describe() + " that Object Lock kept");
        }
        return removed;
    }

    /** Whether Object Lock keeps this version of the object from being deleted now. */
    boolean protects(String s3Key, String versionId) throws IOException {
        return head(s3Key, null, versionId).flatMap(this::protection).isPresent();
    }

    private Optional<HeadObjectResponse> head(String s3Key, String key) throws IOException {
        return head(s3Key, key, null);
    }

    /** The object's (or one version's) HEAD; empty when it does not exist or is a delete marker. */
    private Optional<HeadObjectResponse> head(String s3Key, String key, String versionId) throws IOException {
        try {
            return Optional.of(store.client().headObject(r -> r.bucket(store.location().bucket()).key(s3Key)
                    .versionId(versionId)));
        } catch (SdkException e) {
            if (S3Failures.hasStatus(e, 404) || S3Failures.hasStatus(e, 405)) {
                return Optional.empty();
            }
            throw S3Failures.of("HEAD " + s3Key, key, e);
        }
    }

    private String id(String s3Key) {
        return store.location().bucket() + "/" + s3Key;
    }
}
