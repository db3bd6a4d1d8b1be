package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Arn;

/**
 * What a remote site says about a copy it is about to send: the destination vault, the copy's ID and lifecycle,
 * and the source recovery point it copies.
 */
public record IncomingCopy(String destinationVaultArn, String copyJobId, String copyRecoveryPointId,
                           String sourceVaultArn, String sourceVaultId, String sourceRecoveryPointArn,
                           String resourceArn, ResourceType resourceType, String resourceName,
                           RecoveryPointStatus status, String statusMessage, long backupSizeInBytes, long fileCount,
                           String sourceLocation, Lifecycle lifecycle, String iamRoleArn) {
    /** The ARNs the copy will carry are taken only in canonical form, as from any other request. */
    public IncomingCopy {
        Arn.require("SourceBackupVaultArn", sourceVaultArn);
        Arn.require("SourceRecoveryPointArn", sourceRecoveryPointArn);
        Arn.require("ResourceArn", resourceArn);
    }

    /** The source point as the destination records its copy from. */
    RecoveryPoint source() {
        return RecoveryPoint.builder()
                .recoveryPointId(copyRecoveryPointId)
                .vaultName("")
                .resourceArn(resourceArn)
                .resourceType(resourceType)
                .resourceName(resourceName)
                .snapshotId("")
                .status(status)
                .statusMessage(statusMessage)
                .creationDate(null)
                .backupSizeInBytes(backupSizeInBytes)
                .fileCount(fileCount)
                .sourceLocation(sourceLocation)
                .lifecycle(lifecycle)
                .iamRoleArn(iamRoleArn)
                .backupJobId(copyJobId)
                .storageClass(StorageClass.WARM)
                .retention(RetentionClock.RUNNING)
                .sourceVaultArn(sourceVaultArn)
                .build();
    }
}
