package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Account;
import dev.hokan.store.backup.BackupSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kind of resource Hokan protects (a directory, next a database): how one is registered, backed up and restored.
 * Every kind is listed once in {@link ResourceKinds}; the rest of Hokan asks the kind and knows none of them.
 * Refusals are {@link dev.hokan.engine.ServiceException}s, as AWS-shaped as every other.
 */
public interface ResourceKind {
    /** The resource type clients see and the catalog stores, e.g. {@code Directory}. */
    String wireName();

    /**
     * The resource kind in the resource ARN (lower-case letters, digits and hyphens), e.g. {@code directory} in
     * {@code arn:aws:hokan:REGION:ACCOUNT:directory/NAME}.
     */
    String arnKind();

    default ResourceType type() {
        return new ResourceType(wireName());
    }

    default String arn(Account account, String name) {
        return account.resourceArn(arnKind(), name);
    }

    /**
     * Checks what a registration request gives for this kind (everything but ResourceType, ResourceName and Tags)
     * and returns the settings to keep; refused with MissingParameterValueException or InvalidParameterValueException.
     */
    ResourceSettings register(RegistrationBody body, ResourceContext context);

    /** What a backup of the resource reads, checked again as each backup starts (refused with a ServiceException). */
    BackupSource backupSource(ResourceSettings settings, ResourceContext context);

    /**
     * Where a restore of {@code point} with the given restore metadata writes; checked as StartRestoreJob accepts the
     * job, and again as the restore starts.
     */
    RestoreTarget restoreTarget(Map<String, String> metadata, RecoveryPoint point, ResourceContext context);

    /**
     * Where a restore that an earlier run of its job began goes on (the node running it stopped and another run took
     * the job over): the target {@link #restoreTarget} gives, checked again, except that it may hold what that run
     * wrote, which the restore replaces or keeps ({@link dev.hokan.store.restore.RestoreSink#reopen}).
     */
    RestoreTarget resumedRestoreTarget(Map<String, String> metadata, RecoveryPoint point, ResourceContext context);

    /** What GetRecoveryPointRestoreMetadata offers for {@code point}: the accepted keys with their defaults, and facts. */
    Map<String, String> restoreMetadata(RecoveryPoint point);

    /**
     * Whether a backup stopped before it finished (its completion window ended) keeps what is complete as a PARTIAL
     * recovery point; otherwise it is aborted and keeps nothing.
     */
    boolean keepsPartialBackups();

    /**
     * Whether a rule with EnableContinuousBackup can protect a resource of this kind continuously; one that cannot is
     * backed up by such a rule with snapshots, as AWS Backup does for resource types without continuous backup.
     */
    default boolean continuousBackupPossible() {
        return continuousProtection().isPresent();
    }

    /** How the kind protects a resource continuously, when it can. */
    default Optional<ContinuousProtection> continuousProtection() {
        return Optional.empty();
    }

    /** How restore tests restore, check and delete the kind's recovery points, when it can be tested. */
    default Optional<RestoreTesting> restoreTesting() {
        return Optional.empty();
    }

    /**
     * The kind of storage the resource's own data is on, named by the scheme of the storage backend that keeps such
     * data ({@code file}: a file system); the 3-2-1-1 control counts it among the resource's copies.
     */
    default String storageScheme() {
        return "file";
    }

    /** The host paths the resource is made of, which no other account may restore into. */
    default List<Path> hostPaths(ResourceSettings settings) {
        return List.of();
    }
}
