package dev.hokan.engine.audit;

import java.util.List;

/** A resource has a completed copy in another account (one of {@code crossAccountList}, when given). */
final class ProtectedByCrossAccount implements Control<Target.Resource> {
    private static final String ACCOUNTS = "crossAccountList";

    @Override
    public String name() {
        return "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.list(ACCOUNTS, 3));
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        List<String> wanted = inputs.list(ACCOUNTS);
        return cell.copiesOf(target.arn()).stream()
                .filter(c -> !c.accountId().equals(cell.account().accountId()))
                .filter(c -> wanted.isEmpty() || wanted.contains(c.accountId()))
                .findFirst()
                .map(c -> Verdict.compliant("copied into " + c.job().destinationVaultArn() + " by copy job "
                        + c.job().jobId()))
                .orElseGet(() -> Verdict.nonCompliant("no completed copy in another account"
                        + (wanted.isEmpty() ? "" : " of " + String.join(", ", wanted))));
    }
}
