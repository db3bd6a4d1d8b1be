package dev.hokan.engine.iam;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One statement of a policy document. {@code path} is where it stands in the document ({@code Statement} or
 * {@code Statement[2]}), which names it when it has no Sid. Identity-based and service control policies have no
 * principal: the statement is about whoever the policy is attached to.
 */
public record Statement(String path, Optional<String> sid, Effect effect, Optional<Principals> principals,
                        Actions actions, Resources resources, List<Condition> conditions) {

    public Statement {
        conditions = List.copyOf(conditions);
    }

    /** How decisions name it: {@code statement "Sid"}, or its path. */
    public String label() {
        return sid.map(s -> "statement \"" + s + "\"").orElse(path);
    }

    /** Whether it covers the request's action and resource with its conditions met, whoever the principal is. */
    boolean covers(AuthorizationRequest request, ConditionContext context) {
        return actions.match(request.action()) && resources.match(request.resourceArn())
                && conditions.stream().allMatch(c -> c.test(context));
    }

    /** The same statement no longer naming principals by their account (a NotPrincipal is kept as it is). */
    Statement withoutAccounts() {
        return new Statement(path, sid, effect, principals.map(p -> p.negated() ? p
                : new Principals(false, p.anyone(), Set.of(), p.names())), actions, resources, conditions);
    }

    /** Whether its Principal or NotPrincipal takes in the request's principal; a statement without one names no one. */
    boolean names(AuthorizationRequest request) {
        return principals.map(p -> p.match(request.principalArn(), request.principalAccount())).orElse(false);
    }
}
