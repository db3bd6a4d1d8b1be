package dev.hokan.engine.audit;

import java.util.List;

/**
 * A resource has a completed copy in another region (one of {@code crossRegionList}, when given): a copy job into a
 * vault of a region this deployment serves or of a remote region.
 */
final class ProtectedByCrossRegion implements Control<Target.Resource> {
    private static final String REGIONS = "crossRegionList";

    @Override
    public String name() {
        return "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.list(REGIONS, 3));
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        List<String> wanted = inputs.list(REGIONS);
        return cell.copiesOf(target.arn()).stream()
                .filter(c -> !c.region().equals(cell.account().region()))
                .filter(c -> wanted.isEmpty() || wanted.contains(c.region()))
                .findFirst()
                .map(c -> Verdict.compliant("copied into " + c.job().destinationVaultArn() + " by copy job "
                        + c.job().jobId()))
                .orElseGet(() -> Verdict.nonCompliant("no completed copy in another region"
                        + (wanted.isEmpty() ? "" : " of " + String.join(", ", wanted))));
    }
}
