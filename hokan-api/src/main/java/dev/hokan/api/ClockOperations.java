package dev.hokan.api;

import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reading and (on the manual clock) moving the deployment's one clock: GET and POST /hokan/v1/clock. */
final class ClockOperations {
    static final List<Route> ROUTES = List.of(
            Route.parse("HokanGetClock", "GET", "/hokan/v1/clock"),
            Route.parse("HokanSetClock", "POST", "/hokan/v1/clock"));

    private final Deployment deployment;

    ClockOperations(Deployment deployment) {
        this.deployment = deployment;
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanGetClock", call -> clock());
        ops.put("HokanSetClock", this::setClock);
    }

    private JsonOut setClock(ApiCall call) {
        Long advance = call.body().longValue("AdvanceSeconds");
        Instant now = call.body().timestamp("Now");
        if ((advance == null) == (now == null)) {
            throw ServiceException.invalidParameter("Give exactly one of AdvanceSeconds and Now");
        }
        if (advance != null) {
            deployment.advanceClock(Duration.ofSeconds(advance));
        } else {
            deployment.setClock(now);
        }
        return clock();
    }

    private JsonOut clock() {
        return JsonOut.object()
                .put("Now", deployment.clock().now())
                .put("Mode", deployment.clock().mode().wireName());
    }
}
