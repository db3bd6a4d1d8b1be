package dev.hokan.engine.event;

import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.job.JobState;
import dev.hokan.catalog.cell.job.RestoreJobStatus;

/** Every kind of state change Hokan records, by the name events are listed under. */
public enum EventType {
    BACKUP_JOB_CREATED("BackupJobCreated"),
    BACKUP_JOB_STARTED("BackupJobStarted"),
    BACKUP_JOB_STOPPING("BackupJobStopping"),
    BACKUP_JOB_COMPLETED("BackupJobCompleted"),
    BACKUP_JOB_PARTIAL("BackupJobPartial"),
    BACKUP_JOB_FAILED("BackupJobFailed"),
    BACKUP_JOB_EXPIRED("BackupJobExpired"),
    BACKUP_JOB_ABORTED("BackupJobAborted"),
    RESTORE_JOB_CREATED("RestoreJobCreated"),
    RESTORE_JOB_STARTED("RestoreJobStarted"),
    RESTORE_JOB_COMPLETED("RestoreJobCompleted"),
    RESTORE_JOB_FAILED("RestoreJobFailed"),
    RESTORE_JOB_ABORTED("RestoreJobAborted"),
    COPY_JOB_CREATED("CopyJobCreated"),
    COPY_JOB_STARTED("CopyJobStarted"),
    COPY_JOB_COMPLETED("CopyJobCompleted"),
    COPY_JOB_PARTIAL("CopyJobPartial"),
    COPY_JOB_FAILED("CopyJobFailed"),
    REPORT_JOB_COMPLETED("ReportJobCompleted"),
    REPORT_JOB_FAILED("ReportJobFailed"),
    RECOVERY_POINT_CREATED("RecoveryPointCreated"),
    RECOVERY_POINT_MOVED_TO_COLD("RecoveryPointMovedToColdStorage"),
    RECOVERY_POINT_EXPIRED("RecoveryPointExpired"),
    RECOVERY_POINT_DELETING("RecoveryPointDeleting"),
    /** The point and its data are gone; seed 002's CloudTrail calls this {@code BackupDeleted}. */
    RECOVERY_POINT_DELETED("BackupDeleted"),
    /** A gap in a continuous backup (AWS's CONTINUOUS_BACKUP_INTERRUPTED): its window restarts after it. */
    CONTINUOUS_BACKUP_INTERRUPTED("ContinuousBackupInterrupted"),
    /** The resource is no longer protected continuously; the point stays, STOPPED, until it expires. */
    CONTINUOUS_BACKUP_STOPPED("ContinuousBackupStopped"),
    LEGAL_HOLD_CREATED("LegalHoldCreated"),
    LEGAL_HOLD_RELEASED("LegalHoldReleased"),
    VAULT_LOCK_SET("VaultLockSet"),
    VAULT_LOCK_REMOVED("VaultLockRemoved"),
    /** Another account's restore access vault may read an air-gapped vault; recorded in the owner's cell. */
    RESTORE_ACCESS_GRANTED("RestoreAccessGranted"),
    RESTORE_ACCESS_REVOKED("RestoreAccessRevoked"),
    /** The manual clock was moved; recorded in the home cell, like every change to the whole deployment. */
    CLOCK_MOVED("ClockMoved"),
    ACCOUNT_CREATED("AccountCreated"),
    USER_CREATED("UserCreated"),
    ROLE_CREATED("RoleCreated"),
    ACCESS_KEY_CREATED("AccessKeyCreated"),
    ACCESS_KEY_DELETED("AccessKeyDeleted"),
    CONSOLE_PASSWORD_SET("ConsolePasswordSet"),
    IDENTITY_POLICY_PUT("IdentityPolicyPut"),
    IDENTITY_POLICY_DELETED("IdentityPolicyDeleted"),
    PRINCIPAL_TAGGED("PrincipalTagged"),
    PRINCIPAL_UNTAGGED("PrincipalUntagged"),
    ORGANIZATION_CREATED("OrganizationCreated"),
    ORGANIZATIONAL_UNIT_CREATED("OrganizationalUnitCreated"),
    ACCOUNT_PLACED("AccountPlacedInOrganization"),
    SERVICE_CONTROL_POLICY_CREATED("ServiceControlPolicyCreated"),
    SERVICE_CONTROL_POLICY_ATTACHED("ServiceControlPolicyAttached"),
    SERVICE_CONTROL_POLICY_DETACHED("ServiceControlPolicyDetached"),
    GLOBAL_SETTINGS_UPDATED("GlobalSettingsUpdated"),
    HOST_PATH_GRANTED("HostPathGranted"),
    HOST_PATH_REVOKED("HostPathRevoked"),
    ENDPOINT_GRANTED("EndpointGranted"),
    ENDPOINT_REVOKED("EndpointRevoked"),
    TOPIC_CREATED("TopicCreated"),
    TOPIC_DELETED("TopicDeleted"),
    TOPIC_ATTRIBUTE_SET("TopicAttributeSet"),
    SUBSCRIBED("Subscribed"),
    SUBSCRIPTION_CONFIRMED("SubscriptionConfirmed"),
    UNSUBSCRIBED("Unsubscribed"),
    SUBSCRIPTION_ATTRIBUTE_SET("SubscriptionAttributeSet"),
    BACKUP_VAULT_NOTIFICATIONS_PUT("BackupVaultNotificationsPut"),
    BACKUP_VAULT_NOTIFICATIONS_DELETED("BackupVaultNotificationsDeleted"),
    KMS_KEY_CREATED("KmsKeyCreated"),
    KMS_KEY_ENABLED("KmsKeyEnabled"),
    KMS_KEY_DISABLED("KmsKeyDisabled"),
    KMS_KEY_DELETION_SCHEDULED("KmsKeyDeletionScheduled"),
    KMS_KEY_DELETION_CANCELLED("KmsKeyDeletionCancelled"),
    /** The key's material is destroyed: what it sealed can never be opened again. */
    KMS_KEY_DELETED("KmsKeyDeleted"),
    KMS_KEY_ROTATED("KmsKeyRotated"),
    KMS_KEY_ROTATION_SET("KmsKeyRotationSet"),
    KMS_KEY_POLICY_PUT("KmsKeyPolicyPut"),
    KMS_ALIAS_CREATED("KmsAliasCreated"),
    KMS_ALIAS_DELETED("KmsAliasDeleted"),
    KMS_GRANT_CREATED("KmsGrantCreated"),
    KMS_GRANT_REVOKED("KmsGrantRevoked");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The event of a job entering {@code state}. */
    static EventType of(JobState state) {
        return switch (state) {
            case BackupJobState.CREATED, BackupJobState.PENDING -> BACKUP_JOB_CREATED;
            case BackupJobState.RUNNING -> BACKUP_JOB_STARTED;
            case BackupJobState.ABORTING -> BACKUP_JOB_STOPPING;
            case BackupJobState.COMPLETED -> BACKUP_JOB_COMPLETED;
            case BackupJobState.PARTIAL -> BACKUP_JOB_PARTIAL;
            case BackupJobState.FAILED -> BACKUP_JOB_FAILED;
            case BackupJobState.EXPIRED -> BACKUP_JOB_EXPIRED;
            case BackupJobState.ABORTED -> BACKUP_JOB_ABORTED;
            case RestoreJobStatus.PENDING -> RESTORE_JOB_CREATED;
            case RestoreJobStatus.RUNNING -> RESTORE_JOB_STARTED;
            case RestoreJobStatus.COMPLETED -> RESTORE_JOB_COMPLETED;
            case RestoreJobStatus.FAILED -> RESTORE_JOB_FAILED;
            case RestoreJobStatus.ABORTED -> RESTORE_JOB_ABORTED;
            case CopyJobState.CREATED -> COPY_JOB_CREATED;
            case CopyJobState.RUNNING -> COPY_JOB_STARTED;
            case CopyJobState.COMPLETED -> COPY_JOB_COMPLETED;
            case CopyJobState.PARTIAL -> COPY_JOB_PARTIAL;
            case CopyJobState.FAILED -> COPY_JOB_FAILED;
        };
    }
}
