package dev.hokan.api;

import dev.hokan.engine.Deployment;
import java.util.List;
import java.util.Map;

/** The nodes serving the deployment, with their last heartbeats and running jobs: GET /hokan/v1/nodes (the operator's). */
final class NodeOperations {
    static final List<Route> ROUTES = List.of(Route.parse("HokanListNodes", "GET", "/hokan/v1/nodes"));

    private final Deployment deployment;

    NodeOperations(Deployment deployment) {
        this.deployment = deployment;
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanListNodes", call -> JsonOut.object()
                .put("ThisNode", deployment.nodeId())
                .putList("Nodes", deployment.nodes().stream().map(n -> JsonOut.object()
                        .put("NodeId", n.nodeId())
                        .put("StartedAt", n.startedAt())
                        .put("LastHeartbeat", n.lastHeartbeat())
                        .putStringList("RunningJobs", n.runningJobs())).toList()));
    }
}
