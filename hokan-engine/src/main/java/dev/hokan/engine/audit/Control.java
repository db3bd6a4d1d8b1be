package dev.hokan.engine.audit;

import java.util.List;

/**
 * One control of AWS Backup Audit Manager (or Hokan's own {@code HOKAN_3_2_1_1}): its name, its input parameters
 * with AWS's names and defaults, what it evaluates in a cell and the verdict on each of those.
 */
public sealed interface Control<T extends Target> permits ProtectedByBackupPlan, PlanMinFrequencyAndMinRetention,
        PointMinimumRetention, PointEncrypted, PointManualDeletionDisabled, LastRecoveryPointCreated,
        ProtectedByVaultLock, ProtectedByCrossRegion, ProtectedByCrossAccount, RestoreTimeMeetsTarget,
        ThreeTwoOneOne {

    String name();

    List<ControlParameter> parameters();

    /** Refuses values that are each valid but do not go together; most controls have none. */
    default void checkTogether(ControlInputs inputs) {
    }

    /** Everything of its kind in the cell, before a scope narrows it. */
    List<T> targets(AuditedCell cell);

    Verdict evaluate(T target, ControlInputs inputs, AuditedCell cell);
}
