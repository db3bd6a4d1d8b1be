package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.kms.KeyState;
import dev.hokan.engine.kms.KeyReference;
import java.util.List;
import java.util.Optional;

/**
 * A recovery point is encrypted under a key in force. Every vault seals what it stores, under the master key or
 * under the KMS key it was created with; a point of a vault whose KMS key is disabled, pending deletion or deleted
 * is sealed under a key that opens nothing, so it is not compliant until the key is enabled again (a deleted key
 * never is).
 */
final class PointEncrypted implements Control<Target.Point> {
    @Override
    public String name() {
        return "BACKUP_RECOVERY_POINT_ENCRYPTED";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of();
    }

    @Override
    public List<Target.Point> targets(AuditedCell cell) {
        return cell.points();
    }

    @Override
    public Verdict evaluate(Target.Point target, ControlInputs inputs, AuditedCell cell) {
        String vault = target.point().vaultName();
        String key = cell.keyOf(vault);
        if (!KeyReference.isKeyArn(key)) {
            return Verdict.compliant("encrypted in vault " + vault + " under the master key " + key);
        }
        Optional<KeyState> state = cell.keyState(key);
        if (state.isEmpty()) {
            return Verdict.nonCompliant("vault " + vault + " is encrypted under KMS key " + key + ", which was deleted:"
                    + " its points can no longer be decrypted");
        }
        return state.get() == KeyState.ENABLED
                ? Verdict.compliant("encrypted in vault " + vault + " under KMS key " + key)
                : Verdict.nonCompliant("vault " + vault + " is encrypted under KMS key " + key + ", which is "
                + state.get().wireName() + ": its points cannot be decrypted until the key is enabled");
    }
}
