package dev.hokan.api;

import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.ServiceException;
import java.util.Map;

/**
 * One routed request: the operation, its path labels (decoded), query and JSON body (or, for the few binary
 * operations, the raw {@code payload}), who signed it, for which region, and the connection it came over.
 */
record ApiCall(String operation, Map<String, String> labels, Query query, Input body, byte[] payload, Caller caller,
               String region, ClientConnection connection) {
    String label(String name) {
        String v = labels.get(name);
        if (v == null || v.isEmpty()) {
            throw ServiceException.missingParameter(name);
        }
        return v;
    }
}
