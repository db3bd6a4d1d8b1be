package dev.hokan.api;

import dev.hokan.catalog.identity.HostPathGrant;
import dev.hokan.catalog.identity.HostPathUse;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.hostpath.HostPaths;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host paths the operator hands out, under /hokan/v1/admin/host-paths: grant an account a path prefix to back up
 * from ({@code SOURCE}), restore into ({@code RESTORE}) or both ({@code BOTH}), list the grants, revoke one.
 */
final class HostPathOperations {
    static final List<Route> ROUTES = List.of(
            Route.parse("HokanGrantHostPath", "POST", "/hokan/v1/admin/host-paths"),
            Route.parse("HokanListHostPaths", "GET", "/hokan/v1/admin/host-paths"),
            Route.parse("HokanRevokeHostPath", "DELETE", "/hokan/v1/admin/host-paths"));

    private static final Set<String> OPERATIONS = Set.of("HokanGrantHostPath", "HokanListHostPaths",
            "HokanRevokeHostPath");

    private final HostPaths hostPaths;
    private final String homeAccountId;

    HostPathOperations(Deployment deployment) {
        this.hostPaths = deployment.hostPaths();
        this.homeAccountId = deployment.homeAccount().accountId();
    }

    static boolean handles(String operation) {
        return OPERATIONS.contains(operation);
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanGrantHostPath", call -> JsonOut.object().putList("HostPaths", hostPaths.grant(
                call.body().string("AccountId"), call.body().string("Path"), uses(call.body().string("Use")))
                .stream().map(HostPathOperations::grantOut).toList()));
        ops.put("HokanListHostPaths", call -> {
            HomeHostRoots home = hostPaths.homeRoots();
            return JsonOut.object()
                    .putList("HostPaths", hostPaths.grants(call.query().string("AccountId")).stream()
                            .map(HostPathOperations::grantOut).toList())
                    .put("HomeAccount", JsonOut.object().put("AccountId", homeAccountId)
                            .put("Confined", home.confined())
                            .putStringList("SourceRoots", home.sourceRoots().stream().map(Path::toString).toList())
                            .putStringList("RestoreRoots", home.restoreRoots().stream().map(Path::toString).toList()));
        });
        ops.put("HokanRevokeHostPath", call -> {
            hostPaths.revoke(call.query().string("AccountId"), call.query().string("Path"),
                    uses(call.query().string("Use")));
            return null;
        });
    }

    private static Set<HostPathUse> uses(String use) {
        if (use == null) {
            throw ServiceException.missingParameter("Use");
        }
        return switch (use) {
            case "SOURCE" -> EnumSet.of(HostPathUse.SOURCE);
            case "RESTORE" -> EnumSet.of(HostPathUse.RESTORE);
            case "BOTH" -> EnumSet.allOf(HostPathUse.class);
            default -> throw ServiceException.invalidParameter("Use must be SOURCE (back up from), RESTORE (restore"
                    + " into) or BOTH, not " + use);
        };
    }

    private static JsonOut grantOut(HostPathGrant g) {
        return JsonOut.object().put("AccountId", g.accountId()).put("Path", g.path()).put("Use", g.use().name())
                .put("GrantedBy", g.grantedBy()).put("GrantDate", g.creationDate());
    }
}
