package dev.hokan.api;

import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.RestoreAccess;
import dev.hokan.engine.Account;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.RestoreAccessVaults;
import java.util.Map;

/**
 * CreateRestoreAccessBackupVault (by the account that reads another's air-gapped vault), ListRestoreAccessBackupVaults
 * and RevokeRestoreAccessBackupVault (by the vault's owner): deployment-wide, as they join two accounts.
 */
final class RestoreAccessOperations {
    private final Deployment deployment;
    private final RestoreAccessVaults vaults;
    private final RequestConditions conditions;

    RestoreAccessOperations(Deployment deployment) {
        this.deployment = deployment;
        this.vaults = deployment.restoreAccessVaults();
        this.conditions = new RequestConditions(deployment);
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateRestoreAccessBackupVault", this::create);
        ops.put("ListRestoreAccessBackupVaults", this::list);
        ops.put("RevokeRestoreAccessBackupVault", call -> {
            vaults.revoke(account(call), call.label("backupVaultName"), call.label("restoreAccessBackupVaultArn"),
                    call.query().string("requesterComment"));
            return null;
        });
    }

    private JsonOut create(ApiCall call) {
        Input in = call.body();
        String source = in.string("SourceBackupVaultArn");
        Account reader = account(call);
        BackupVault v = vaults.create(reader, call.caller().principalArn(), source, in.string("BackupVaultName"),
                in.stringMap("BackupVaultTags"), in.string("CreatorRequestId"), in.string("RequesterComment"),
                conditions.of(call, source == null ? "*" : source));
        return JsonOut.object()
                .put("RestoreAccessBackupVaultArn", reader.vaultArn(v.name()))
                .put("VaultState", v.state().name())
                .put("RestoreAccessBackupVaultName", v.name())
                .put("CreationDate", v.creationDate());
    }

    /** Access needs no approval here (no multi-party approval), so it is approved when it is made. */
    private JsonOut list(ApiCall call) {
        Account owner = account(call);
        return Paging.render(deployment.cell(owner.accountId(), owner.region()).restoreAccess()
                        .grants(call.label("backupVaultName"), call.query().page()), "RestoreAccessBackupVaults",
                (RestoreAccess a) -> JsonOut.object()
                        .put("RestoreAccessBackupVaultArn", a.restoreAccessVaultArn())
                        .put("CreationDate", a.creationDate())
                        .put("ApprovalDate", a.creationDate())
                        .put("VaultState", "AVAILABLE"));
    }

    private static Account account(ApiCall call) {
        return new Account(call.caller().accountId(), call.region());
    }
}
