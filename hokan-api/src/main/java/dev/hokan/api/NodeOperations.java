package dev.hokan.api;

import dev.hokan.catalog.cell.job.JobClaim;
import dev.hokan.engine.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The nodes serving the deployment, with their last heartbeats, running jobs and the jobs they hold claims on (in the
 * cells this node runs): GET /hokan/v1/nodes (the operator's).
 */
final class NodeOperations {
    static final List<Route> ROUTES = List.of(Route.parse("HokanListNodes", "GET", "/hokan/v1/nodes"));

    private final Deployment deployment;

    NodeOperations(Deployment deployment) {
        this.deployment = deployment;
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanListNodes", call -> {
            Map<String, List<JobClaim>> claims = deployment.jobClaims().stream()
                    .collect(Collectors.groupingBy(JobClaim::nodeId));
            return JsonOut.object()
                    .put("ThisNode", deployment.nodeId())
                    .putList("Nodes", deployment.nodes().stream().map(n -> JsonOut.object()
                            .put("NodeId", n.nodeId())
                            .put("StartedAt", n.startedAt())
                            .put("LastHeartbeat", n.lastHeartbeat())
                            .putStringList("RunningJobs", n.runningJobs())
                            .putList("HeldJobs", claims.getOrDefault(n.nodeId(), List.of()).stream()
                                    .map(NodeOperations::held).toList())).toList());
        });
    }

    private static JsonOut held(JobClaim claim) {
        return JsonOut.object()
                .put("JobId", claim.jobId())
                .put("JobType", claim.type().name())
                .put("LeaseEnd", claim.leaseEnd())
                .put("Generation", claim.generation());
    }
}
