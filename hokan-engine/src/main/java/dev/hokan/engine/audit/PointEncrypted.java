package dev.hokan.engine.audit;

import java.util.List;

/**
 * A recovery point is encrypted. Every vault of a Hokan deployment encrypts what it stores with keys derived from
 * the server's master key, so every point is.
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
        return Verdict.compliant("encrypted in vault " + target.point().vaultName() + " with "
                + cell.account().masterKeyArn());
    }
}
