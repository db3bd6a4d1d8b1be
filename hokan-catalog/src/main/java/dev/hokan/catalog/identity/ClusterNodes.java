package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Row;
import java.util.Arrays;
import java.util.List;

/** The nodes that serve the deployment, each as its last heartbeat left it. */
public final class ClusterNodes {
    private final IdentityTx tx;

    ClusterNodes(IdentityTx tx) {
        this.tx = tx;
    }

    /** Records the node's heartbeat, replacing its last one. */
    public void beat(ClusterNode n) {
        String jobs = CatalogJson.write(n.runningJobs());
        if (tx.sql().update("UPDATE nodes SET started_millis = ?, heartbeat_millis = ?, running_jobs = ? WHERE node_id = ?",
                n.startedAt(), n.lastHeartbeat(), jobs, n.nodeId()) == 0) {
            tx.sql().update("INSERT INTO nodes (node_id, started_millis, heartbeat_millis, running_jobs) VALUES (?, ?, ?, ?)",
                    n.nodeId(), n.startedAt(), n.lastHeartbeat(), jobs);
        }
    }

    public List<ClusterNode> all() {
        return tx.sql().list("SELECT * FROM nodes ORDER BY node_id", ClusterNodes::map);
    }

    private static ClusterNode map(Row r) {
        return new ClusterNode(r.string("node_id"), r.instant("started_millis"), r.instant("heartbeat_millis"),
                Arrays.asList(CatalogJson.read(r.string("running_jobs"), String[].class)));
    }
}
