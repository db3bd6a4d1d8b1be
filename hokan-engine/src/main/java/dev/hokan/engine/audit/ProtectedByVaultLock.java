package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.util.List;
import java.util.Optional;

/**
 * A resource has a recovery point in a vault with a Vault Lock; when the parameters give them, the lock's minimum
 * retention is at least {@code minRetentionDays} and its maximum at most {@code maxRetentionDays}.
 */
final class ProtectedByVaultLock implements Control<Target.Resource> {
    private static final String MIN = "minRetentionDays";
    private static final String MAX = "maxRetentionDays";

    @Override
    public String name() {
        return "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.number(MIN, null, 36500), ControlParameter.number(MAX, null, 36500));
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        for (RecoveryPoint point : cell.pointsOf(target.arn())) {
            Optional<VaultLock> lock = cell.lockOf(point.vaultName()).filter(l -> fits(l, inputs));
            if (lock.isPresent()) {
                return Verdict.compliant("recovery point " + point.recoveryPointId() + " is in vault "
                        + point.vaultName() + ", which has a Vault Lock" + (lock.get().lockDate() == null
                        ? " in governance mode" : " in compliance mode"));
            }
        }
        return Verdict.nonCompliant("none of its recovery points is in a vault with a Vault Lock"
                + (inputs.value(MIN) == null && inputs.value(MAX) == null ? "" : " whose retention fits "
                + MIN + " " + inputs.value(MIN) + " and " + MAX + " " + inputs.value(MAX)));
    }

    private static boolean fits(VaultLock lock, ControlInputs inputs) {
        String min = inputs.value(MIN);
        String max = inputs.value(MAX);
        return (min == null || (lock.minRetentionDays() != null && lock.minRetentionDays() >= Long.parseLong(min)))
                && (max == null || (lock.maxRetentionDays() != null && lock.maxRetentionDays() <= Long.parseLong(max)));
    }
}
