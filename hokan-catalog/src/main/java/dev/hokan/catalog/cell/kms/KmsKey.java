package dev.hokan.catalog.cell.kms;

import java.time.Instant;

/**
 * A KMS key of the cell, without its material (kept apart, one row per version). {@code rotationPeriodDays} is null
 * while automatic rotation is off; {@code deletionDate} and {@code pendingWindowDays} are set while its deletion is
 * scheduled.
 */
public record KmsKey(String keyId, Instant creationDate, String description, KeyManager manager, KeyState state,
                     String policy, Integer rotationPeriodDays, Instant nextRotation, Instant deletionDate,
                     Integer pendingWindowDays) {

    public KmsKey withState(KeyState changed) {
        return new KmsKey(keyId, creationDate, description, manager, changed, policy, rotationPeriodDays, nextRotation,
                changed == KeyState.PENDING_DELETION ? deletionDate : null,
                changed == KeyState.PENDING_DELETION ? pendingWindowDays : null);
    }

    public KmsKey withDeletion(Instant date, int windowDays) {
        return new KmsKey(keyId, creationDate, description, manager, KeyState.PENDING_DELETION, policy,
                rotationPeriodDays, nextRotation, date, windowDays);
    }

    public KmsKey withPolicy(String changed) {
        return new KmsKey(keyId, creationDate, description, manager, state, changed, rotationPeriodDays, nextRotation,
                deletionDate, pendingWindowDays);
    }

    /** {@code periodDays} null turns automatic rotation off. */
    public KmsKey withRotation(Integer periodDays, Instant next) {
        return new KmsKey(keyId, creationDate, description, manager, state, policy, periodDays, next, deletionDate,
                pendingWindowDays);
    }
}
