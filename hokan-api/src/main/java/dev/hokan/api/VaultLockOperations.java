package dev.hokan.api;

import dev.hokan.engine.Engine;
import java.util.Map;

/** PutBackupVaultLockConfiguration, DeleteBackupVaultLockConfiguration; DescribeBackupVault shows the lock. */
final class VaultLockOperations {
    private final Engine engine;

    VaultLockOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("PutBackupVaultLockConfiguration", call -> {
            Input in = call.body();
            engine.vaultLocks().put(call.label("backupVaultName"), in.longValue("MinRetentionDays"),
                    in.longValue("MaxRetentionDays"), in.longValue("ChangeableForDays"));
            return null;
        });
        ops.put("DeleteBackupVaultLockConfiguration", call -> {
            engine.vaultLocks().delete(call.label("backupVaultName"));
            return null;
        });
    }
}
