package dev.hokan.engine.job;

import dev.hokan.catalog.cell.vault.Lifecycle;
import java.util.Map;

/** StartBackupJob parameters; optional members are null when not given. */
public record StartBackupJobRequest(String backupVaultName, String resourceArn, String iamRoleArn,
                                    String idempotencyToken, Long startWindowMinutes, Long completeWindowMinutes,
                                    Lifecycle lifecycle, Map<String, String> recoveryPointTags) {
}
