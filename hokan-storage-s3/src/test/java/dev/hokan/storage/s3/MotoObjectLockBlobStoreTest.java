package dev.hokan.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.store.blob.ObjectLock;
import dev.hokan.store.blob.ObjectLock.Protection;
import dev.hokan.store.blob.StorageProviders;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The contract on a moto bucket with Object Lock enabled, which makes it versioned: reads, lists and deletes behave
 * as on any bucket, and a deletion removes every version rather than adding a delete marker. Then the store's
 * {@link ObjectLock}: COMPLIANCE retention that only lengthens, legal holds, both refusing a DELETE of the version to
 * anyone, a deletion the lock refuses hiding the object until {@link ObjectLock#removeReleased} can remove it, and
 * the decorators passing it on.
 */
class MotoObjectLockBlobStoreTest extends MotoBlobStoreTest {

    /** Runs after the contract's server started: its bucket is made again, with Object Lock. */
    @BeforeAll
    static void lockTheBucket() {
        try (S3Client s3 = server.client()) {
            s3.deleteBucket(r -> r.bucket(BUCKET));
        }
        server.createObjectLockBucket(BUCKET);
        server.createBucket("plain");
    }

    private ObjectLock lock() throws IOException {
        return store.objectLock().orElseThrow();
    }

    private ListObjectVersionsResponse versions(String key) {
        try (S3Client s3 = server.client()) {
            return s3.listObjectVersions(r -> r.bucket(BUCKET).prefix(prefix + key));
        }
    }

    /** Deletes the object's version as anyone holding the credentials could. */
    private void deleteVersionDirectly(String key) {
        try (S3Client s3 = server.client()) {
            for (ObjectVersion version : versions(key).versions()) {
                s3.deleteObject(r -> r.bucket(BUCKET).key(prefix + key).versionId(version.versionId()));
            }
        }
    }

    @Test
    void onlyABucketWithObjectLockOffersIt() throws IOException {
        assertTrue(store.objectLock().isPresent());
        var plain = new S3StorageProvider(server.settings()).open(URI.create("s3://plain/" + prefix));
        assertEquals(Optional.empty(), plain.objectLock());
    }

    @Test
    void aDeletionRemovesEveryVersionNotJustAddsAMarker() throws IOException {
        store.put("sessions/s1", bytes("first"));
        store.put("sessions/s1", bytes("second"));
        assertEquals(2, versions("sessions/s1").versions().size());
        assertTrue(store.delete("sessions/s1"));
        assertEquals(List.of(), versions("sessions/s1").versions());
        assertEquals(List.of(), versions("sessions/s1").deleteMarkers());
        assertFalse(store.delete("sessions/s1"));
    }

    @Test
    void complianceRetentionRefusesDeletionToAnyoneAndOnlyLengthens() throws IOException {
        store.put("data/aa/pack", bytes("pack"));
        Instant inTwoDays = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        lock().retainUntil("data/aa/pack", inTwoDays);
        lock().retainUntil("data/aa/pack", inTwoDays.minus(Duration.ofDays(1)));
        assertEquals(Optional.of(new Protection(Optional.of(inTwoDays), false)), lock().protection("data/aa/pack"));
        assertEquals(Optional.of(new Protection(Optional.of(inTwoDays), false)),
                freshLock().protection("data/aa/pack"), "the storage has it, not only this process");
        S3Exception refused = assertThrows(S3Exception.class, () -> deleteVersionDirectly("data/aa/pack"));
        assertEquals(403, refused.statusCode());

        assertTrue(store.delete("data/aa/pack"), "the vault's deletion hides it");
        assertEquals(Optional.empty(), store.stat("data/aa/pack"));
        assertEquals(Set.of(), keys("data/"));
        assertEquals(1, versions("data/aa/pack").versions().size(), "the storage keeps it");
        assertEquals(0, lock().removeReleased(), "its retention has not ended");
        assertEquals(1, versions("data/aa/pack").versions().size());
    }

    @Test
    void aLegalHoldRefusesDeletionUntilTakenOff() throws IOException {
        store.put("snapshots/s", bytes("manifest"));
        lock().legalHold("snapshots/s", true);
        assertEquals(Optional.of(new Protection(Optional.empty(), true)), freshLock().protection("snapshots/s"));
        assertEquals(403, assertThrows(S3Exception.class, () -> deleteVersionDirectly("snapshots/s")).statusCode());
        lock().legalHold("snapshots/s", false);
        assertEquals(Optional.empty(), freshLock().protection("snapshots/s"));
        assertTrue(store.delete("snapshots/s"));
        assertEquals(List.of(), versions("snapshots/s").versions());
    }

    @Test
    void whatADeletionHidBehindAMarkerIsRemovedOnceItsRetentionEnds() throws Exception {
        store.put("index/i", bytes("index"));
        // far enough ahead that a loaded machine (moto is slow under the full suite) gets to the first look before it
        Instant soon = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        lock().retainUntil("index/i", soon);
        assertTrue(store.delete("index/i"));
        assertEquals(0, lock().removeReleased());
        Thread.sleep(Duration.between(Instant.now(), soon).plusMillis(1_500));
        assertEquals(1, lock().removeReleased());
        assertEquals(List.of(), versions("index/i").versions());
        assertEquals(List.of(), versions("index/i").deleteMarkers());
    }

    /** The lock as another process sees it: through the decorators, with nothing remembered. */
    private ObjectLock freshLock() throws IOException {
        return StorageProviders.of(new S3StorageProvider(server.settings())).open(URI.create("s3://" + BUCKET + "/"
                + prefix)).objectLock().orElseThrow();
    }
}
