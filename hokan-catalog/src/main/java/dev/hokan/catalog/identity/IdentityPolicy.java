package dev.hokan.catalog.identity;

/** An inline identity-based policy of a user or role: the policy document as its author wrote it. */
public record IdentityPolicy(String principalArn, String policyName, String document) {
}
