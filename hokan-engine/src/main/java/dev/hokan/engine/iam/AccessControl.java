package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.IamPrincipal;
import dev.hokan.catalog.identity.PrincipalKind;
import dev.hokan.engine.ServiceException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a principal may act on a resource: its identity-based policies, the resource's policy and the
 * service control policies of its account's place in the organisation, evaluated as AWS does, with the
 * principal's keys ({@code aws:PrincipalType}, {@code aws:PrincipalOrgID}, ...) in the context (the evaluator adds
 * the keys it takes from the request itself).
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
        ConditionContext full = context.with(principalKeys(principal, membership));
        List<Policy> identityPolicies = identities.parsedPolicies(principalArn);
        PolicySet policies = new PolicySet(identityPolicies, principal.kind() == PrincipalKind.ROOT, resourcePolicy,
                membership.map(Membership::boundingPolicies).orElse(List.of()),
                membership.map(Membership::boundingLevels).orElse(List.of()));
        return PolicyEvaluator.evaluate(new AuthorizationRequest(principalArn, principal.accountId(), action,
                resourceArn, resourceAccount, full), policies);
    }

    /**
     * What policies know of the principal: its type as AWS names it (a Hokan role signs with keys of its own, as an
     * assumed role's session does on AWS), an IAM user's name, its unique ID (a user's or role's {@code AIDA...} or
     * {@code AROA...}, the root user's account, as on AWS; Hokan has no role sessions, so a role's is its role ID
     * alone), the tags of a user or role and its place in the organisation.
     */
    private Map<String, List<String>> principalKeys(IamPrincipal principal, Optional<Membership> membership) {
        Map<String, List<String>> keys = new HashMap<>();
        keys.put("aws:PrincipalIsAWSService", List.of("false"));
        keys.put("aws:userid", List.of(principal.uniqueId()));
        switch (principal.kind()) {
            case ROOT -> keys.put("aws:PrincipalType", List.of("Account"));
            case USER -> {
                keys.put("aws:PrincipalType", List.of("User"));
                keys.put("aws:username", List.of(principal.name()));
            }
            case ROLE -> keys.put("aws:PrincipalType", List.of("AssumedRole"));
        }
        identities.tags(principal.arn()).forEach((key, value) ->
                keys.put("aws:PrincipalTag/" + key, List.of(value)));
        membership.ifPresent(m -> {
            keys.put("aws:PrincipalOrgID", List.of(m.organization().orgId()));
            keys.put("aws:PrincipalOrgPaths", List.of(m.orgPath()));
        });
        return keys;
    }

    /** Refuses with AccessDeniedException, in AWS's words, unless the principal may act. */
    public void require(String principalArn, String action, String resourceArn, String resourceAccount,
                        Optional<Policy> resourcePolicy, ConditionContext context) {
        requireAllowed(decide(principalArn, action, resourceArn, resourceAccount, resourcePolicy, context),
                principalArn, action, resourceArn);
    }

    /** Refuses with AccessDeniedException, in AWS's words, unless {@code decision} allows the principal to act. */
    public static void requireAllowed(Decision decision, String principalArn, String action, String resourceArn) {
        if (!decision.allowed()) {
            throw ServiceException.accessDenied("User: " + principalArn + " is not authorized to perform: " + action
                    + " on resource: " + resourceArn + " because " + decision.reason());
        }
    }
}
