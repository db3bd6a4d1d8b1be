package dev.hokan.api;

import dev.hokan.engine.Arn;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.ServiceException;
import java.util.Map;

/**
 * One routed request: the operation, its path labels (decoded), query and JSON body (or, for the few binary
 * operations, the raw {@code payload}), who signed it, for which region, and the connection it came over. Every
 * ARN in its path and query is in canonical form, checked before the call is authorised or run.
 */
record ApiCall(String operation, Map<String, String> labels, Query query, Input body, byte[] payload, Caller caller,
               String region, ClientConnection connection) {
    private static final String ARN_SUFFIX = "Arn";

    ApiCall {
        labels.forEach((name, value) -> {
            if (name.endsWith(ARN_SUFFIX)) {
                Arn.require(name, value);
            }
        });
        query.names().stream().filter(name -> name.endsWith(ARN_SUFFIX)).forEach(name ->
                Arn.require(name, query.string(name)));
    }

    String label(String name) {
        String v = labels.get(name);
        if (v == null || v.isEmpty()) {
            throw ServiceException.missingParameter(name);
        }
        return v;
    }
}
