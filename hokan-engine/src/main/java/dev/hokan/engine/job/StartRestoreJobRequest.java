package dev.hokan.engine.job;

import java.util.Map;

/** StartRestoreJob parameters; optional members are null when not given. */
public record StartRestoreJobRequest(String recoveryPointArn, Map<String, String> metadata, String iamRoleArn,
                                     String idempotencyToken, String resourceType) {
}
