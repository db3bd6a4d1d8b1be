package dev.hokan.api;

import dev.hokan.catalog.identity.EndpointGrant;
import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.endpoint.EndpointRule;
import dev.hokan.engine.endpoint.Endpoints;
import dev.hokan.engine.endpoint.HomeEndpoints;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network endpoints the operator hands out, under /hokan/v1/admin/endpoints: grant an account a network (an
 * address, a CIDR block or a host name), on one port or any, for PostgreSQL resources, S3 resources, SNS
 * subscriptions or any of them; list the grants, revoke one.
 */
final class EndpointOperations {
    static final List<Route> ROUTES = List.of(
            Route.parse("HokanGrantEndpoint", "POST", "/hokan/v1/admin/endpoints"),
            Route.parse("HokanListEndpoints", "GET", "/hokan/v1/admin/endpoints"),
            Route.parse("HokanRevokeEndpoint", "DELETE", "/hokan/v1/admin/endpoints"));

    private static final Set<String> OPERATIONS = Set.of("HokanGrantEndpoint", "HokanListEndpoints",
            "HokanRevokeEndpoint");

    private final Endpoints endpoints;
    private final String homeAccountId;

    EndpointOperations(Deployment deployment) {
        this.endpoints = deployment.endpoints();
        this.homeAccountId = deployment.homeAccount().accountId();
    }

    static boolean handles(String operation) {
        return OPERATIONS.contains(operation);
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanGrantEndpoint", call -> JsonOut.object().putList("Endpoints", endpoints.grant(
                call.body().string("AccountId"), call.body().string("Network"), call.body().longValue("Port"),
                kind(call.body().string("Kind"))).stream().map(EndpointOperations::grantOut).toList()));
        ops.put("HokanListEndpoints", call -> {
            HomeEndpoints home = endpoints.homeEndpoints();
            return JsonOut.object()
                    .putList("Endpoints", endpoints.grants(call.query().string("AccountId")).stream()
                            .map(EndpointOperations::grantOut).toList())
                    .put("HomeAccount", JsonOut.object().put("AccountId", homeAccountId)
                            .put("Confined", home.confined())
                            .putStringList("AllowedEndpoints", home.allowed().stream().map(EndpointRule::toString)
                                    .toList()));
        });
        ops.put("HokanRevokeEndpoint", call -> {
            Integer port = call.query().integer("Port", 1, 65535);
            endpoints.revoke(call.query().string("AccountId"), call.query().string("Network"),
                    port == null ? null : port.longValue(), kind(call.query().string("Kind")));
            return null;
        });
    }

    private static EndpointKind kind(String kind) {
        if (kind == null) {
            throw ServiceException.missingParameter("Kind");
        }
        try {
            return EndpointKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("Kind must be one of " + Arrays.toString(EndpointKind.values())
                    + ", not " + kind, e);
        }
    }

    private static JsonOut grantOut(EndpointGrant g) {
        JsonOut out = JsonOut.object().put("AccountId", g.accountId()).put("Network", g.network());
        if (g.port() != EndpointGrant.ANY_PORT) {
            out.put("Port", (long) g.port());
        }
        return out.put("Kind", g.kind().name()).put("GrantedBy", g.grantedBy()).put("GrantDate", g.creationDate());
    }
}
