package dev.hokan.engine.iam;

import dev.hokan.catalog.PrincipalKind;
import dev.hokan.engine.ServiceException;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a principal may act on a resource: its identity-based policies, the resource's policy and the
 * service control policies of its account's place in the organisation, evaluated as AWS does, with the
 * principal's organisation keys ({@code aws:PrincipalOrgID}, {@code aws:PrincipalOrgPaths}) in the context (the
 * evaluator adds the keys it takes from the request itself).
 */
public final class AccessControl {
    private final Identities identities;
    private final OrganizationService organization;

    public AccessControl(Identities identities, OrganizationService organization) {
        this.identities = identities;
        this.organization = organization;
    }

    /** The question and its answer for a principal of this deployment. */
    public Decision decide(String principalArn, String action, String resourceArn, String resourceAccount,
                           Optional<Policy> resourcePolicy, ConditionContext context) {
        var principal = identities.principal(principalArn);
        Optional<Membership> membership = organization.membership(principal.accountId());
        ConditionContext full = membership.isEmpty() ? context
                : context.with("aws:PrincipalOrgID", membership.get().organization().orgId())
                        .with("aws:PrincipalOrgPaths", membership.get().orgPath());
        List<Policy> identityPolicies = identities.parsedPolicies(principalArn);
        PolicySet policies = new PolicySet(identityPolicies, principal.kind() == PrincipalKind.ROOT, resourcePolicy,
                membership.map(Membership::boundingPolicies).orElse(List.of()),
                membership.map(Membership::boundingLevels).orElse(List.of()));
        return PolicyEvaluator.evaluate(new AuthorizationRequest(principalArn, principal.accountId(), action,
                resourceArn, resourceAccount, full), policies);
    }

    /** Refuses with AccessDeniedException, in AWS's words, unless the principal may act. */
    public void require(String principalArn, String action, String resourceArn, String resourceAccount,
                        Optional<Policy> resourcePolicy, ConditionContext context) {
        Decision decision = decide(principalArn, action, resourceArn, resourceAccount, resourcePolicy, context);
        if (!decision.allowed()) {
            throw ServiceException.accessDenied("User: " + principalArn + " is not authorized to perform: " + action
                    + " on resource: " + resourceArn + " because " + decision.reason());
        }
    }
}
