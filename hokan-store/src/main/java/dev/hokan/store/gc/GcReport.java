package dev.hokan.store.gc;

import dev.hokan.store.blob.ObjectLock.Protection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a garbage collection did: packs deleted and their bytes, packs repacked, packs condemned but
 * left for a later run because backups that started before the decision are still running, and the objects it would
 * have deleted or rewritten but left because the storage protects them (Object Lock), by key, with what it waits for.
 */
public record GcReport(long packsDeleted, long bytesFreed, long packsRepacked, long packsPending, long temporariesRemoved,
                       Map<String, Protection> protectedObjects) {

    public GcReport {
        protectedObjects = Map.copyOf(protectedObjects);
    }

    /** What the collection waits for, in a sentence, when the storage kept it from freeing something. */
    public Optional<String> waitingFor() {
        if (protectedObjects.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> latest = protectedObjects.values().stream().flatMap(p -> p.retainUntil().stream())
                .max(Instant::compareTo);
        long held = protectedObjects.values().stream().filter(Protection::legalHold).count();
        return Optional.of(protectedObjects.size() + " objects no recovery point needs any more are kept by Object Lock"
                + latest.map(until -> "; their retention ends by " + until).orElse("")
                + (held > 0 ? "; " + held + " are under a legal hold" : "")
                + ": a later collection frees them");
    }
}
