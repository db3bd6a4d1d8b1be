package dev.hokan.api;

import dev.hokan.engine.metrics.Counter;
import dev.hokan.engine.metrics.Histogram;

/** The API's requests, counted in memory for Prometheus since the process started. */
final class ApiMeters {
    /** The operation label of requests answered before an operation was known: no route, a bad signature. */
    static final String NO_OPERATION = "none";
    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    static final Counter REQUESTS = new Counter("hokan_api_requests_total",
            "API requests answered, by operation and HTTP status.", "operation", "status");
    static final Histogram LATENCY = new Histogram("hokan_api_request_duration_seconds",
            "Time from a request's arrival to its answer, by operation.", SECONDS, "operation");

    private ApiMeters() {
    }

    static void answered(String operation, int status, long nanos) {
        REQUESTS.add(1, operation, Integer.toString(status));
        LATENCY.observe(nanos / 1e9, operation);
    }
}
