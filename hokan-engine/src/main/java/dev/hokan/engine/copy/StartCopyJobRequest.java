package dev.hokan.engine.copy;

import dev.hokan.catalog.cell.vault.Lifecycle;

/** StartCopyJob parameters; optional members are null when not given. */
public record StartCopyJobRequest(String recoveryPointArn, String sourceBackupVaultName,
                                  String destinationBackupVaultArn, String iamRoleArn, String idempotencyToken,
                                  Lifecycle lifecycle) {
}
