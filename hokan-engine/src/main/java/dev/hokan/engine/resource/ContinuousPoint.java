package dev.hokan.engine.resource;

import dev.hokan.engine.vault.VaultStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A continuous recovery point as the engine hands it to the kind that keeps it current: which resource it protects,
 * into which vault, the kind's saved state (a JSON text only the kind reads, {@code {}} at first) and the calls that
 * save what the kind did.
 */
public interface ContinuousPoint {
    String recoveryPointId();

    String vaultName();

    String resourceArn();

    /** The resource's registration, when it is still registered. */
    ResourceSettings settings();

    ResourceContext context();

    /** The state last saved. */
    String state();

    /**
     * Saves the kind's state with the window of times it can restore to (null and null when none yet) and the
     * snapshot a copy of the point takes (null while there is none).
     */
    void save(String state, Instant earliestRestorable, Instant latestRestorable, String copySnapshotId);

    /** Records that the continuous backup was interrupted (a gap in what it holds), and why. */
    void interrupted(String message);

    /** How many days back restores must reach (the rule's DeleteAfterDays), or null for as far as the point holds. */
    Long retentionDays();

    /** Work on the point's vault. */
    <T> T withVault(VaultStorage.VaultWork<T> work) throws IOException, InterruptedException;

    /** Deletes snapshots that no saved state refers to any more, and frees their data. */
    void release(List<String> snapshotIds) throws IOException;
}
