package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How restore tests of a kind work: a test restores a recovery point into a scratch target of its own, which the
 * account's host path rules do not govern (it is the server's, and nobody else's), checks what it restored by itself
 * and deletes it.
 */
public interface RestoreTesting {
    /**
     * The target a test restores into, given {@code scratch}: a path under the data directory that belongs to this
     * test alone and does not exist yet. The target is recorded with the test, so it can be deleted after a restart.
     */
    Path scratchTarget(Path scratch);

    /**
     * What else the test records in its restore metadata to name its scratch target (such as a scratch bucket), set
     * over the point's restore metadata and the selection's overrides.
     */
    default Map<String, String> scratchMetadata(Path scratchTarget) {
        return Map.of();
    }

    /** Makes what must exist around the scratch target before anything is restored into it. */
    default void prepare(Path scratchTarget) throws IOException {
    }

    /** Where the restore writes: the scratch target, with the restore metadata the test restores with. */
    RestoreTarget target(Path scratchTarget, Map<String, String> metadata, RecoveryPoint point, TestedResource tested);

    /**
     * Checks what the restore wrote into the scratch target; {@code snapshot} compares a directory with the recovery
     * point's own content hashes.
     *
     * @return what is wrong with it, empty when it is sound
     */
    Optional<String> validate(Path scratchTarget, TestedResource tested, RestoredSnapshot snapshot)
            throws IOException, InterruptedException;

    /** Deletes the scratch target and whatever the test made around it. */
    void delete(Path scratchTarget, TestedResource tested) throws IOException, InterruptedException;

    /** The recovery point a test restored, as the vault holds it. */
    @FunctionalInterface
    interface RestoredSnapshot {
        /** How {@code directory} differs from the point's entries and content hashes; empty when it is the same. */
        List<String> differencesFrom(Path directory) throws IOException, InterruptedException;
    }
}
