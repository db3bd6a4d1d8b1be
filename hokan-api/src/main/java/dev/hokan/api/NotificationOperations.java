package dev.hokan.api;

import dev.hokan.catalog.cell.notification.VaultNotification;
import dev.hokan.engine.Engine;
import java.util.Map;

/** PutBackupVaultNotifications, GetBackupVaultNotifications, DeleteBackupVaultNotifications. */
final class NotificationOperations {
    private final Engine engine;

    NotificationOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("PutBackupVaultNotifications", call -> {
            engine.backupNotifications().put(call.label("backupVaultName"), call.body().string("SNSTopicArn"),
                    call.body().stringList("BackupVaultEvents"));
            return null;
        });
        ops.put("GetBackupVaultNotifications", call -> {
            VaultNotification n = engine.backupNotifications().get(call.label("backupVaultName"));
            return JsonOut.object().put("BackupVaultName", n.vaultName())
                    .put("BackupVaultArn", engine.account().vaultArn(n.vaultName()))
                    .put("SNSTopicArn", n.topicArn())
                    .putStringList("BackupVaultEvents", n.events());
        });
        ops.put("DeleteBackupVaultNotifications", call -> {
            engine.backupNotifications().delete(call.label("backupVaultName"));
            return null;
        });
    }
}
