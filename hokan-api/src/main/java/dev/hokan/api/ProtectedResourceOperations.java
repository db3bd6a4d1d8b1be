package dev.hokan.api;

import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Engine;
import dev.hokan.engine.resource.ProtectedResource;
import java.util.Map;

/** ListProtectedResources, DescribeProtectedResource, ListProtectedResourcesByBackupVault. */
final class ProtectedResourceOperations {
    private final Engine engine;

    ProtectedResourceOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("ListProtectedResources", call -> Paging.render(
                engine.protectedResources().list(call.query().page()), "Results", this::render));
        ops.put("ListProtectedResourcesByBackupVault", call -> {
            VaultOperations.checkAccount(engine.account(), call.query().string("backupVaultAccountId"));
            return Paging.render(engine.protectedResources().byVault(call.label("backupVaultName"),
                    call.query().page()), "Results", this::render);
        });
        ops.put("DescribeProtectedResource", call -> {
            ProtectedResource r = engine.protectedResources().describe(call.label("resourceArn"));
            JsonOut out = render(r);
            RestoreJob restore = r.latestRestore();
            if (restore != null) {
                out.put("LatestRestoreExecutionTimeMinutes", RestoreJobOperations.executionMinutes(restore))
                        .put("LatestRestoreJobCreationDate", restore.creationDate())
                        .put("LatestRestoreRecoveryPointCreationDate", restore.recoveryPointCreationDate());
            }
            return out;
        });
    }

    private JsonOut render(ProtectedResource r) {
        RecoveryPoint p = r.latestPoint();
        return JsonOut.object()
                .put("ResourceArn", p.resourceArn())
                .put("ResourceType", p.resourceType().wireName())
                .put("LastBackupTime", p.creationDate())
                .put("ResourceName", p.resourceName())
                .put("LastBackupVaultArn", engine.account().vaultArn(p.vaultName()))
                .put("LastRecoveryPointArn", engine.account().recoveryPointArn(p.recoveryPointId()));
    }
}
