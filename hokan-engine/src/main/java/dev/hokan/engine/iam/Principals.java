package dev.hokan.engine.iam;

import java.util.Set;

/**
 * A resource policy statement's Principal or (negated) NotPrincipal. An account, named by its ID or its root user's
 * ARN, stands for every principal of that account; other ARNs and service or federated names match exactly.
 */
public record Principals(boolean negated, boolean anyone, Set<String> accounts, Set<String> names) {

    public Principals {
        accounts = Set.copyOf(accounts);
        names = Set.copyOf(names);
    }

    boolean match(String principalArn, String principalAccount) {
        return negated != (anyone || accounts.contains(principalAccount) || names.contains(principalArn));
    }
}
