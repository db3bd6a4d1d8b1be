package dev.hokan.catalog.identity;

import java.time.Instant;
import java.util.List;

/** A Hokan process serving the deployment: when it started, its last heartbeat and the jobs it was running then. */
public record ClusterNode(String nodeId, Instant startedAt, Instant lastHeartbeat, List<String> runningJobs) {
    public ClusterNode {
        runningJobs = List.copyOf(runningJobs);
    }
}
