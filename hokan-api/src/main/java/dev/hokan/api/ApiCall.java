package dev.hokan.api;

import dev.hokan.engine.Arn;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.ServiceException;
import java.util.Map;

/**
 * One routed request: the operation, its path labels (decoded), query and JSON body (or, for the few binary
 * operations, the raw {@code payload}), who signed it, for which region, and the connection it came over. Every
 * ARN in its path and query is in canonical form, checked before the call is authorised or run. {@code vaults} holds
 * what the call read of its vault while being authorised.
 */
record ApiCall(String operation, Map<String, String> labels, Query query, Input body, byte[] payload, Caller caller,
               String region, ClientConnection connection, VaultsOfCall vaults) {
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

    ApiCall(String operation, Map<String, String> labels, Query query, Input body, byte[] payload, Caller caller,
            String region, ClientConnection connection) {
        this(operation, labels, query, body, payload, caller, region, connection, new VaultsOfCall());
    }

    String label(String name) {
        String v = labels.get(name);
        if (v == null || v.isEmpty()) {
            throw ServiceException.missingParameter(name);
        }
        return v;
    }
}
