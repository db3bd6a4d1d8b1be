package dev.hokan.api;

import dev.hokan.engine.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /hokan/v1/permissions}: which of a list of actions the caller may take, each on a resource (and in a
 * vault, whose access policy then counts), decided as the real call's check decides it, with the refusal's reason.
 * The console asks it to disable what its user may not do; the server refuses such calls anyway.
 */
final class PermissionOperations {
    static final String EVALUATE = "HokanEvaluatePermissions";
    static final List<Route> ROUTES = List.of(Route.parse(EVALUATE, "POST", "/hokan/v1/permissions"));
    private static final int MAX_CHECKS = 100;

    private final ApiAccess access;

    PermissionOperations(ApiAccess access) {
        this.access = access;
    }

    static boolean handles(String operation) {
        return operation.equals(EVALUATE);
    }

    void register(Map<String, Operation> ops) {
        ops.put(EVALUATE, call -> {
            List<Input> checks = call.body().objects("Checks");
            if (checks == null || checks.size() > MAX_CHECKS) {
                throw ServiceException.invalidParameter("Checks must list 1 to " + MAX_CHECKS
                        + " {\"Action\",\"Resource\"} objects");
            }
            return JsonOut.object().putList("Results", checks.stream().map(check -> result(call, check)).toList());
        });
    }

    private JsonOut result(ApiCall call, Input check) {
        String action = check.requiredString("Action");
        String resource = Optional.ofNullable(check.string("Resource")).orElse("*");
        Optional<String> refusal = access.refusal(call, action, resource,
                Optional.ofNullable(check.string("BackupVaultName")));
        return JsonOut.object().put("Action", action).put("Resource", resource).put("Allowed", refusal.isEmpty())
                .put("Reason", refusal.orElse(null));
    }
}
