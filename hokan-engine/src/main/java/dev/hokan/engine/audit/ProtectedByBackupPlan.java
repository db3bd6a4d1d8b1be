package dev.hokan.engine.audit;

import dev.hokan.engine.plan.SelectionMatcher;
import java.util.List;

/** A resource is in at least one backup plan: a selection of an active plan takes it. */
final class ProtectedByBackupPlan implements Control<Target.Resource> {
    @Override
    public String name() {
        return "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of();
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        return cell.plans().stream()
                .filter(plan -> cell.selectionsOf(plan.plan()).stream().anyMatch(s -> SelectionMatcher.selects(
                        s.document(), target.arn(), target.tags(), cell.optedIn(target.resource().type()))))
                .findFirst()
                .map(plan -> Verdict.compliant("backup plan " + plan.plan().document().backupPlanName() + " ("
                        + plan.plan().planId() + ") selects it"))
                .orElseGet(() -> Verdict.nonCompliant("no selection of any backup plan takes it"));
    }
}
