package dev.hokan.engine.iam;

import dev.hokan.engine.ServiceException;

/** Parses a policy document a caller supplied, refusing a malformed one with AWS's error type. */
public final class PolicyDocuments {
    private PolicyDocuments() {
    }

    public static PolicyDocument parse(String json) {
        try {
            return PolicyDocument.parse(json);
        } catch (MalformedPolicyException e) {
            throw ServiceException.invalidParameter("Malformed policy document: " + e.getMessage());
        }
    }
}
