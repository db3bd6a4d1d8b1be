package dev.hokan.engine.resource;

import dev.hokan.store.ProgressListener;
import dev.hokan.store.restore.RestoreResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a kind protects a resource continuously, for rules with EnableContinuousBackup: one continuous recovery point per
 * resource and vault, kept current by a stream of the resource's changes between base backups, and restorable to any
 * time of its window.
 */
public interface ContinuousProtection {
    /** Starts keeping the point current from its saved state (begins streaming for a new one); runs until closed. */
    ContinuousStream start(ContinuousPoint point);

    /**
     * Checks a restore of the point to {@code at} as StartRestoreJob accepts it, once the engine has checked the window:
     * the target the metadata names.
     */
    void checkRestore(ContinuousPoint point, PointInTime at, Map<String, String> metadata);

    /**
     * Restores the point as it was at {@code at} into the target the metadata names, or into {@code scratchTarget}
     * when a restore test gives one: its own, which the host path rules do not govern.
     */
    RestoreResult restore(ContinuousPoint point, PointInTime at, Map<String, String> metadata,
                          Optional<Path> scratchTarget, ProgressListener progress)
            throws IOException, InterruptedException;

    /**
     * Empties the target the metadata names (or the restore test's {@code scratchTarget}), into which an earlier run
     * of a restore of the point began to write: a restore to a moment does not resume, it starts again from the
     * beginning into a clean target.
     */
    void clearRestoreTarget(ContinuousPoint point, Map<String, String> metadata, Optional<Path> scratchTarget)
            throws IOException;

    /** Every snapshot the point's state refers to, freed with the point. */
    List<String> snapshots(String state);
}
