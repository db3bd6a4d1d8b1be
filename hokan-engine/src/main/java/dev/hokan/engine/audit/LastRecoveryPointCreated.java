package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.time.Duration;
import java.util.List;

/** A resource has a completed recovery point younger than the age the parameters give. */
final class LastRecoveryPointCreated implements Control<Target.Resource> {
    private static final String UNIT = "recoveryPointAgeUnit";
    private static final String VALUE = "recoveryPointAgeValue";

    @Override
    public String name() {
        return "BACKUP_LAST_RECOVERY_POINT_CREATED";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.unit(UNIT, "days"), ControlParameter.number(VALUE, 1L, 744));
    }

    @Override
    public void checkTogether(ControlInputs inputs) {
        inputs.requireAtMost(name(), UNIT, VALUE, "days", 31);
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        Duration limit = inputs.duration(UNIT, VALUE);
        List<RecoveryPoint> points = cell.pointsOf(target.arn());
        if (points.isEmpty()) {
            return Verdict.nonCompliant("it has no completed recovery point");
        }
        RecoveryPoint latest = points.getFirst();
        String created = "its latest recovery point " + latest.recoveryPointId() + " was created at "
                + latest.creationDate();
        return latest.creationDate().isBefore(cell.now().minus(limit))
                ? Verdict.nonCompliant(created + ", more than " + inputs.described(UNIT, VALUE) + " ago")
                : Verdict.compliant(created + ", within the last " + inputs.described(UNIT, VALUE));
    }
}
