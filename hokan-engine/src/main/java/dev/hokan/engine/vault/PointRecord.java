package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a vault records of one of its recovery points (its note {@code point-ID}, JSON): the catalog's row, the
 * point's tags, and the registered resource it came from with that resource's tags, so that the catalog can be
 * rebuilt from the vaults alone. {@code resource} is null when the resource was not (or no longer) registered.
 */
public record PointRecord(int format, String accountId, String region, String recoveryPointArn,
                          String recoveryPointId, String vaultName, String resourceArn, String resourceType,
                          String resourceName, ResourceRecord resource, String snapshotId, StorageClass storageClass,
                          RecoveryPointStatus status, String statusMessage, Instant creationDate,
                          Instant completionDate, long backupSizeInBytes, long fileCount, String sourceLocation,
                          Long moveToColdStorageAfterDays, Long deleteAfterDays, Boolean optInToArchive,
                          long retentionPausedMillis, Instant retentionPausedSince, long expiryDelayMillis,
                          String iamRoleArn, String backupJobId, String backupPlanId, String backupPlanVersion,
                          String backupRuleId, Instant lastRestoreTime, String sourceVaultArn,
                          Map<String, String> tags) {
    static final int FORMAT = 1;
    static final String NOTE_PREFIX = "point-";

    /** A registered resource as it was when the point's record was written. */
    public record ResourceRecord(String arn, String type, String name, String settings, Instant registrationDate,
                                 Map<String, String> tags) {
        static ResourceRecord of(LocalResource r, Map<String, String> tags) {
            return new ResourceRecord(r.arn(), r.type().wireName(), r.name(), r.settings(), r.registrationDate(), tags);
        }

        public LocalResource resource() {
            return new LocalResource(arn, new ResourceType(type), name, settings, registrationDate);
        }
    }

    static String noteName(String recoveryPointId) {
        return NOTE_PREFIX + recoveryPointId;
    }

    static PointRecord of(Account account, RecoveryPoint p, Map<String, String> tags, ResourceRecord resource) {
        RecoveryPointCreator creator = p.createdBy();
        return new PointRecord(FORMAT, account.accountId(), account.region(),
                account.recoveryPointArn(p.recoveryPointId()), p.recoveryPointId(), p.vaultName(), p.resourceArn(),
                p.resourceType().wireName(), p.resourceName(), resource, p.snapshotId(), p.storageClass(), p.status(),
                p.statusMessage(), p.creationDate(), p.completionDate(), p.backupSizeInBytes(), p.fileCount(),
                p.sourceLocation(), p.lifecycle().moveToColdStorageAfterDays(), p.lifecycle().deleteAfterDays(),
                p.lifecycle().optInToArchiveForSupportedResources(), p.retention().paused().toMillis(),
                p.retention().pausedSince(), p.retention().expiryDelay().toMillis(), p.iamRoleArn(), p.backupJobId(),
                creator == null ? null : creator.backupPlanId(), creator == null ? null : creator.backupPlanVersion(),
                creator == null ? null : creator.backupRuleId(), p.lastRestoreTime(), p.sourceVaultArn(), tags);
    }

    /** The catalog's recovery point this record describes, stored as {@code snapshotId} in {@code storageClass}. */
    public RecoveryPoint point() {
        return RecoveryPoint.builder()
                .recoveryPointId(recoveryPointId)
                .vaultName(vaultName)
                .resourceArn(resourceArn)
                .resourceType(new ResourceType(resourceType))
                .resourceName(resourceName)
                .snapshotId(snapshotId)
                .status(status)
                .statusMessage(statusMessage)
                .creationDate(creationDate)
                .completionDate(completionDate)
                .backupSizeInBytes(backupSizeInBytes)
                .fileCount(fileCount)
                .sourceLocation(sourceLocation)
                .lifecycle(new Lifecycle(moveToColdStorageAfterDays, deleteAfterDays, optInToArchive))
                .iamRoleArn(iamRoleArn)
                .backupJobId(backupJobId)
                .createdBy(backupPlanId == null ? null
                        : new RecoveryPointCreator(backupPlanId, backupPlanVersion, backupRuleId))
                .lastRestoreTime(lastRestoreTime)
                .storageClass(storageClass)
                .retention(new RetentionClock(Duration.ofMillis(retentionPausedMillis), retentionPausedSince,
                        Duration.ofMillis(expiryDelayMillis)))
                .sourceVaultArn(sourceVaultArn)
                .build();
    }

    public PointRecord storedIn(StorageClass tier, String snapshot) {
        return new PointRecord(format, accountId, region, recoveryPointArn, recoveryPointId, vaultName, resourceArn,
                resourceType, resourceName, resource, snapshot, tier, status, statusMessage, creationDate,
                completionDate, backupSizeInBytes, fileCount, sourceLocation, moveToColdStorageAfterDays,
                deleteAfterDays, optInToArchive, retentionPausedMillis, retentionPausedSince, expiryDelayMillis,
                iamRoleArn, backupJobId, backupPlanId, backupPlanVersion, backupRuleId, lastRestoreTime,
                sourceVaultArn, tags);
    }
}
