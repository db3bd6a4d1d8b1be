package dev.hokan.engine;

import dev.hokan.catalog.Lifecycle;
import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.catalog.RecoveryPointStatus;
import dev.hokan.catalog.ResourceType;
import dev.hokan.catalog.RetentionClock;
import dev.hokan.catalog.StorageClass;

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
        return new RecoveryPoint(copyRecoveryPointId, "", resourceArn, resourceType, resourceName, "", status,
                statusMessage, null, null, backupSizeInBytes, fileCount, sourceLocation, lifecycle, iamRoleArn,
                copyJobId, null, null, StorageClass.WARM, RetentionClock.RUNNING, sourceVaultArn);
    }
}
