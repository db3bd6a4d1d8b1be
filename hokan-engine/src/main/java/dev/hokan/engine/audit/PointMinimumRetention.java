package dev.hokan.engine.audit;

import java.util.List;

/** A recovery point is kept at least the required number of days after its creation (or for ever). */
final class PointMinimumRetention implements Control<Target.Point> {
    private static final String RETENTION = "requiredRetentionDays";

    @Override
    public String name() {
        return "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.number(RETENTION, 35L, 36500));
    }

    @Override
    public List<Target.Point> targets(AuditedCell cell) {
        return cell.points();
    }

    @Override
    public Verdict evaluate(Target.Point target, ControlInputs inputs, AuditedCell cell) {
        long required = inputs.number(RETENTION);
        Long kept = target.point().lifecycle() == null ? null : target.point().lifecycle().deleteAfterDays();
        if (kept == null) {
            return Verdict.compliant("kept for ever");
        }
        return kept >= required ? Verdict.compliant("kept " + kept + " days")
                : Verdict.nonCompliant("kept " + kept + " days, fewer than the " + required + " required");
    }
}
