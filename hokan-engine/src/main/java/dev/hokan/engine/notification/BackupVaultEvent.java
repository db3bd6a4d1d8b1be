package dev.hokan.engine.notification;

import dev.hokan.engine.ServiceException;
import dev.hokan.engine.event.EventType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every value of AWS Backup's {@code BackupVaultEvent}, and the Hokan events each one is sent for. A vault may name
 * any of them; those of capabilities Hokan does not have (backup plans are not a vault's, per-object S3 failures
 * are a job's PARTIAL state, indexes and EKS do not exist here) are kept and never sent, as AWS keeps its
 * deprecated ones.
 */
public enum BackupVaultEvent {
    BACKUP_JOB_STARTED(EventType.BACKUP_JOB_STARTED),
    /** Every end of a backup job; the State attribute says which. */
    BACKUP_JOB_COMPLETED(EventType.BACKUP_JOB_COMPLETED, EventType.BACKUP_JOB_PARTIAL, EventType.BACKUP_JOB_FAILED,
            EventType.BACKUP_JOB_EXPIRED, EventType.BACKUP_JOB_ABORTED),
    BACKUP_JOB_SUCCESSFUL(EventType.BACKUP_JOB_COMPLETED),
    BACKUP_JOB_FAILED(EventType.BACKUP_JOB_FAILED),
    BACKUP_JOB_EXPIRED(EventType.BACKUP_JOB_EXPIRED),
    RESTORE_JOB_STARTED(EventType.RESTORE_JOB_STARTED),
    RESTORE_JOB_COMPLETED(EventType.RESTORE_JOB_COMPLETED, EventType.RESTORE_JOB_FAILED,
            EventType.RESTORE_JOB_ABORTED),
    RESTORE_JOB_SUCCESSFUL(EventType.RESTORE_JOB_COMPLETED),
    RESTORE_JOB_FAILED(EventType.RESTORE_JOB_FAILED),
    COPY_JOB_STARTED(EventType.COPY_JOB_STARTED),
    COPY_JOB_SUCCESSFUL(EventType.COPY_JOB_COMPLETED, EventType.COPY_JOB_PARTIAL),
    COPY_JOB_FAILED(EventType.COPY_JOB_FAILED),
    RECOVERY_POINT_MODIFIED(EventType.RECOVERY_POINT_MOVED_TO_COLD, EventType.RECOVERY_POINT_DELETED),
    BACKUP_PLAN_CREATED,
    BACKUP_PLAN_MODIFIED,
    S3_BACKUP_OBJECT_FAILED,
    S3_RESTORE_OBJECT_FAILED,
    CONTINUOUS_BACKUP_INTERRUPTED(EventType.CONTINUOUS_BACKUP_INTERRUPTED),
    RECOVERY_POINT_INDEX_COMPLETED,
    RECOVERY_POINT_INDEX_DELETED,
    RECOVERY_POINT_INDEXING_FAILED,
    EKS_RESTORE_OBJECT_FAILED,
    EKS_RESTORE_OBJECT_SKIPPED,
    EKS_BACKUP_OBJECT_FAILED;

    private final Set<EventType> sentFor;

    BackupVaultEvent(EventType... sentFor) {
        this.sentFor = sentFor.length == 0 ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(Arrays.asList(sentFor));
    }

    boolean sentFor(EventType type) {
        return sentFor.contains(type);
    }

    /** The event named {@code name}, or InvalidParameterValueException listing the valid names. */
    public static BackupVaultEvent of(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ServiceException.invalidParameter("Invalid BackupVaultEvent " + name + "; valid values: "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
