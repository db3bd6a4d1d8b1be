package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.PrincipalKind;

/** The principal that signed a request, and the secret its signature is checked with. */
public record Caller(String principalArn, String accountId, PrincipalKind kind, String secretAccessKey) {
    public boolean isRoot() {
        return kind == PrincipalKind.ROOT;
    }

    public static String rootArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    @Override
    public String toString() {
        return "Caller[" + principalArn + "]";
    }
}
