package dev.hokan.engine.iam;

import dev.hokan.engine.iam.Decision.Outcome;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * AWS's policy evaluation logic. An explicit Deny in any service control policy, the resource policy or an
 * identity-based policy refuses the request. Otherwise every SCP level must allow it, and the principal needs a
 * grant: within its own account from an identity-based policy or the resource policy (its root user needs none);
 * across accounts from its own account (an identity-based policy, or being the root user) and from the resource
 * policy naming it. Anything else is an implicit deny.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    public static Decision evaluate(AuthorizationRequest request, PolicySet policies) {
        if (policies.none()) {
            return grant(request, policies, Optional.empty(), Optional.empty());
        }
        ConditionContext context = request.conditionContext();
        List<Policy> resourcePolicy = policies.resourcePolicy().stream().toList();
        Optional<Match> denial = Stream.of(
                        matching(policies.serviceControlPolicies().stream().flatMap(List::stream).toList(),
                                Effect.DENY, request, context, false),
                        matching(resourcePolicy, Effect.DENY, request, context, true),
                        matching(policies.identityPolicies(), Effect.DENY, request, context, false))
                .flatMap(m -> m)
                .findFirst();
        if (denial.isPresent()) {
            return new Decision(Outcome.EXPLICIT_DENY, "explicitly denied by " + denial.get());
        }
        for (int level = 0; level < policies.serviceControlPolicies().size(); level++) {
            if (allow(policies.serviceControlPolicies().get(level), request, context, false).isEmpty()) {
                return implicitDeny("no service control policy at level "
                        + policies.serviceControlTargets().get(level) + " allows " + request.action());
            }
        }
        return grant(request, policies, allow(policies.identityPolicies(), request, context, false),
                allow(resourcePolicy, request, context, true));
    }

    private static Decision grant(AuthorizationRequest request, PolicySet policies, Optional<Match> identityGrant,
                                  Optional<Match> resourceGrant) {
        String onResource = request.action() + " on " + request.resourceArn();
        if (!request.crossAccount()) {
            if (policies.principalIsRoot()) {
                return new Decision(Outcome.ALLOW, "allowed: the root user of account " + request.principalAccount()
                        + " may do anything in its own account");
            }
            return identityGrant.or(() -> resourceGrant)
                    .map(m -> new Decision(Outcome.ALLOW, "allowed by " + m))
                    .orElseGet(() -> implicitDeny("no identity-based policy"
                            + policies.resourcePolicy().map(p -> " or " + p.name()).orElse("")
                            + " allows " + onResource));
        }
        if (identityGrant.isEmpty() && !policies.principalIsRoot()) {
            return implicitDeny("no identity-based policy allows " + onResource);
        }
        if (resourceGrant.isEmpty()) {
            return implicitDeny(policies.resourcePolicy().map(p -> p.name() + " does not allow ")
                    .orElse("no resource-based policy allows ") + onResource + " to " + request.principalArn()
                    + " of another account");
        }
        return new Decision(Outcome.ALLOW, "allowed by " + identityGrant.map(m -> m + " and ").orElse("")
                + resourceGrant.get());
    }

    private static Optional<Match> allow(List<Policy> policies, AuthorizationRequest request, ConditionContext context,
                                         boolean resourcePolicy) {
        return matching(policies, Effect.ALLOW, request, context, resourcePolicy).findFirst();
    }

    /** The statements with that effect which apply to the request; a resource policy's must name the principal. */
    private static Stream<Match> matching(List<Policy> policies, Effect effect, AuthorizationRequest request,
                                          ConditionContext context, boolean resourcePolicy) {
        return policies.stream().flatMap(policy -> policy.document().statements().stream()
                .filter(s -> s.effect() == effect && (!resourcePolicy || s.names(request))
                        && s.covers(request, context))
                .map(s -> new Match(policy, s)));
    }

    private static Decision implicitDeny(String reason) {
        return new Decision(Outcome.IMPLICIT_DENY, reason);
    }

    private record Match(Policy policy, Statement statement) {
        @Override
        public String toString() {
            return statement.label() + " of " + policy.name();
        }
    }
}
