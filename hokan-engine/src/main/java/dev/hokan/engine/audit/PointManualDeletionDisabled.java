package dev.hokan.engine.audit;

import dev.hokan.engine.iam.AuthorizationRequest;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.engine.iam.Decision;
import dev.hokan.engine.iam.Policy;
import dev.hokan.engine.iam.PolicyDocuments;
import dev.hokan.engine.iam.PolicyEvaluator;
import dev.hokan.engine.iam.PolicySet;
import java.util.List;
import java.util.Optional;

/**
 * A vault's access policy denies deleting its recovery points to everyone but the principals
 * {@code principalArnList} names: a role of the account that no list names is explicitly denied
 * {@code backup:DeleteRecoveryPoint} on a point of the vault.
 */
final class PointManualDeletionDisabled implements Control<Target.Vault> {
    private static final String PRINCIPALS = "principalArnList";
    /** A principal the policy cannot have meant to let through: no user or role may have this name. */
    private static final String ANY_OTHER = "role/hokan-audit:any-other-principal";

    @Override
    public String name() {
        return "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.list(PRINCIPALS, 5));
    }

    @Override
    public List<Target.Vault> targets(AuditedCell cell) {
        return cell.vaults();
    }

    @Override
    public Verdict evaluate(Target.Vault target, ControlInputs inputs, AuditedCell cell) {
        Optional<String> document = cell.accessPolicyOf(target.name());
        if (document.isEmpty()) {
            return Verdict.nonCompliant("the vault has no access policy, so whoever IAM allows may delete its points");
        }
        String account = cell.account().accountId();
        String principal = "arn:aws:iam::" + account + ":" + ANY_OTHER;
        Decision decision = PolicyEvaluator.evaluate(new AuthorizationRequest(principal, account,
                        "backup:DeleteRecoveryPoint", cell.account().recoveryPointArn("any"), account,
                        ConditionContext.empty()),
                new PolicySet(List.of(), false, Optional.of(Policy.backupVaultAccess(target.name(),
                        PolicyDocuments.parse(document.get()))), List.of()));
        if (decision.outcome() != Decision.Outcome.EXPLICIT_DENY) {
            return Verdict.nonCompliant("the vault's access policy does not deny backup:DeleteRecoveryPoint to"
                    + " every principal" + except(inputs));
        }
        return Verdict.compliant("the vault's access policy denies backup:DeleteRecoveryPoint to every principal"
                + except(inputs));
    }

    private static String except(ControlInputs inputs) {
        List<String> allowed = inputs.list(PRINCIPALS);
        return allowed.isEmpty() ? "" : " but " + String.join(", ", allowed);
    }
}
