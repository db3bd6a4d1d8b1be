package dev.hokan.engine.iam;

import java.util.Objects;

/**
 * A policy document with the name decisions give it, e.g. {@code service control policy "DenyCopyOutsideOUs"}; the
 * factories spell the names of the kinds Hokan knows.
 */
public record Policy(String name, PolicyDocument document) {

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
    }

    public static Policy identityBased(String policyName, PolicyDocument document) {
        return new Policy("identity-based policy \"" + policyName + "\"", document);
    }

    public static Policy serviceControl(String policyName, PolicyDocument document) {
        return new Policy("service control policy \"" + policyName + "\"", document);
    }

    /**
     * This key policy as KMS weighs it for a principal of the key's own account: an Allow that names an account (its
     * ID or root user) lets that account's identity-based policies decide and allows nothing by itself, so only the
     * principals it names by ARN (or everyone, "*") are allowed by the key policy alone.
     */
    public Policy delegatingAccounts() {
        return new Policy(name, new PolicyDocument(document.json(), document.version(), document.id(),
                document.statements().stream().map(s -> s.effect() != Effect.ALLOW ? s : s.withoutAccounts())
                        .toList()));
    }

    public static Policy backupVaultAccess(String vaultName, PolicyDocument document) {
        return new Policy("backup vault access policy of \"" + vaultName + "\"", document);
    }
}
