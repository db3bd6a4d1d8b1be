package dev.hokan.store.blob;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Protection of objects against deletion by the storage itself (S3 Object Lock): once given, nobody holding the
 * store's credentials can delete the object before its retention ends or while it is under a legal hold. A store
 * offers it through {@link BlobStore#objectLock()} where its storage has it (an S3 bucket with Object Lock enabled).
 */
public interface ObjectLock {

    /** What keeps the object from being deleted now; empty when nothing does (or the object does not exist). */
    Optional<Protection> protection(String key) throws IOException;

    /**
     * Retains the object in compliance mode at least until {@code until}: a retention already later is kept, since
     * compliance retention can be lengthened, never shortened.
     */
    void retainUntil(String key, Instant until) throws IOException;

    /** Puts the object under a legal hold, or takes it off. */
    void legalHold(String key, boolean on) throws IOException;

    /**
     * Removes what deletions left behind because it was protected then (the storage kept it hidden) and no longer
     * is; returns how many objects it removed.
     */
    int removeReleased() throws IOException;

    /** Why an object cannot be deleted now: a retention that has not ended ({@code retainUntil}), a legal hold, or both. */
    record Protection(Optional<Instant> retainUntil, boolean legalHold) {
        @Override
        public String toString() {
            String retained = retainUntil.map(until -> "retained until " + until).orElse("");
            return legalHold ? (retained.isEmpty() ? "under a legal hold" : retained + " and under a legal hold")
                    : retained;
        }
    }
}
