package dev.hokan.engine.iam;

import dev.hokan.engine.ServiceException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses policy documents, refusing a malformed one with AWS's error type. Vault access policies are read on every
 * call that touches their vault, so parsed documents are remembered by their text (a few thousand at most).
 */
public final class PolicyDocuments {
    private static final int REMEMBERED = 4096;
    private static final Map<String, PolicyDocument> PARSED = new ConcurrentHashMap<>();

    private PolicyDocuments() {
    }

    public static PolicyDocument parse(String json) {
        PolicyDocument known = PARSED.get(json);
        if (known != null) {
            return known;
        }
        PolicyDocument parsed;
        try {
            parsed = PolicyDocument.parse(json);
        } catch (MalformedPolicyException e) {
            throw ServiceException.invalidParameter("Malformed policy document: " + e.getMessage(), e);
        }
        if (PARSED.size() >= REMEMBERED) {
            PARSED.clear();
        }
        PARSED.put(json, parsed);
        return parsed;
    }
}
