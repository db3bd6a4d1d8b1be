package dev.hokan.store.verify;

import java.util.List;

/**
 * The result of checking a vault. {@code damaged} lists blobs that are missing or fail authentication,
 * each with the recovery points and paths that depend on it; {@code errors} lists other inconsistencies.
 */
public record VerifyReport(long snapshots, long packs, long blobs, long bytesRead, List<String> errors,
                           List<DamagedBlob> damaged) {
    public VerifyReport {
        errors = List.copyOf(errors);
        damaged = List.copyOf(damaged);
    }

    public boolean ok() {
        return errors.isEmpty() && damaged.isEmpty();
    }

    public record DamagedBlob(String id, String reason, List<Dependent> affected) {
        public DamagedBlob {
            affected = List.copyOf(affected);
        }
    }

    /** A file or directory of a recovery point that cannot be restored intact. */
    public record Dependent(String snapshotId, String path) {
    }
}
