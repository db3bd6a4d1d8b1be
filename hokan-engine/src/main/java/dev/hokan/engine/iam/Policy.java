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

    public static Policy backupVaultAccess(String vaultName, PolicyDocument document) {
        return new Policy("backup vault access policy of \"" + vaultName + "\"", document);
    }
}
