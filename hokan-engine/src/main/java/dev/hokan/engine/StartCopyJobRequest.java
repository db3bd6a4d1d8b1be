package dev.hokan.engine;

import dev.hokan.catalog.Lifecycle;

/** StartCopyJob parameters; optional members are null when not given. */
public record StartCopyJobRequest(String recoveryPointArn, String sourceBackupVaultName,
                                  String destinationBackupVaultArn, String iamRoleArn, String idempotencyToken,
                                  Lifecycle lifecycle) {
}
