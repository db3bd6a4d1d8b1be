package dev.hokan.engine.protection;

import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.lifecycle.LifecycleRules;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Vault Lock allows, wherever a locked vault's recovery points are created, changed or deleted. The engine
 * applies these rules itself, so no caller (root included) gets past a lock by avoiding the API.
 */
public final class VaultLockRules {
    static final long MIN_CHANGEABLE_DAYS = 3;

    private VaultLockRules() {
    }

    static void checkConfiguration(Long minRetentionDays, Long maxRetentionDays, Long changeableForDays) {
        checkDays("MinRetentionDays", minRetentionDays, 1);
        checkDays("MaxRetentionDays", maxRetentionDays, 1);
        checkDays("ChangeableForDays", changeableForDays, MIN_CHANGEABLE_DAYS);
        if (minRetentionDays != null && maxRetentionDays != null && maxRetentionDays < minRetentionDays) {
            throw ServiceException.invalidParameter("MaxRetentionDays (" + maxRetentionDays
                    + ") cannot be less than MinRetentionDays (" + minRetentionDays + ")");
        }
    }

    private static void checkDays(String member, Long days, long min) {
        if (days != null && (days < min || days > LifecycleRules.MAX_DAYS)) {
            throw ServiceException.invalidParameter(member + " must be between " + min + " and "
                    + LifecycleRules.MAX_DAYS + " days, got " + days);
        }
    }

    /** A lock in compliance mode can be changed or removed only until its LockDate. */
    static void checkChangeable(VaultLock lock, Instant now) {
        if (lock.isImmutableAt(now)) {
            throw ServiceException.invalidRequest("The vault lock of backup vault " + lock.vaultName()
                    + " is in compliance mode and became immutable on " + lock.lockDate()
                    + ": nobody can change or delete it");
        }
    }

    /** Any lock, in either mode, refuses manual deletion; lifecycle expiry still deletes on time. */
    public static void checkManualDeletion(Optional<VaultLock> lock) {
        if (lock.isPresent()) {
            throw ServiceException.invalidRequest(
                    "Recovery points cannot be deleted because this Backup vault has an active vault lock.");
        }
    }

    /**
     * Why the lock refuses a new recovery point with {@code lifecycle}, if it does: its retention must lie within
     * the lock's limits, and no DeleteAfterDays (keep forever) breaks a maximum.
     */
    public static Optional<String> retentionProblem(VaultLock lock, Lifecycle lifecycle) {
        Long days = lifecycle.deleteAfterDays();
        if (lock.minRetentionDays() != null && days != null && days < lock.minRetentionDays()) {
            return Optional.of("Backup vault " + lock.vaultName() + " has a vault lock that keeps recovery points at"
                    + " least " + lock.minRetentionDays() + " days, but this lifecycle has DeleteAfterDays " + days);
        }
        if (lock.maxRetentionDays() != null && (days == null || days > lock.maxRetentionDays())) {
            return Optional.of("Backup vault " + lock.vaultName() + " has a vault lock that keeps recovery points at"
                    + " most " + lock.maxRetentionDays() + " days, but this lifecycle "
                    + (days == null ? "keeps them forever (no DeleteAfterDays)" : "has DeleteAfterDays " + days));
        }
        return Optional.empty();
    }

    /**
     * A locked vault's points keep at least the retention they have: a new DeleteAfterDays may only lengthen it,
     * within the lock's limits. Changing only the cold storage day is allowed.
     */
    public static void checkLifecycleUpdate(VaultLock lock, Lifecycle current, Lifecycle requested) {
        if (Objects.equals(current.deleteAfterDays(), requested.deleteAfterDays())) {
            return;
        }
        if (LifecycleRules.shortensRetention(current, requested)) {
            throw ServiceException.invalidRequest("The retention of recovery points in backup vault "
                    + lock.vaultName() + " cannot be shortened because this Backup vault has an active vault lock.");
        }
        retentionProblem(lock, requested).ifPresent(problem -> {
            throw ServiceException.invalidRequest(problem);
        });
    }
}
