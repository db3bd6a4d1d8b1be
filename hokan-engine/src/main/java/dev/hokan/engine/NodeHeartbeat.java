package dev.hokan.engine;

import dev.hokan.catalog.identity.ClusterNode;
import dev.hokan.catalog.identity.IdentityCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's heartbeat in the directory, at its start and then every {@link #PERIOD}: when it started and which
 * jobs it is running. After each later beat it runs what the node checks as often, such as starting the cells other
 * nodes created. Heartbeats follow real time, not the service clock, which a manual clock stops.
 */
final class NodeHeartbeat implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

    private final IdentityCatalog directory;
    private final String nodeId;
    private final Instant started = Instant.now();
    private final Supplier<List<String>> runningJobs;
    private final Runnable afterEachBeat;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hokan-heartbeat").daemon().factory());

    NodeHeartbeat(IdentityCatalog directory, String nodeId, Supplier<List<String>> runningJobs,
                  Runnable afterEachBeat) {
        this.directory = directory;
        this.nodeId = nodeId;
        this.runningJobs = runningJobs;
        this.afterEachBeat = afterEachBeat;
        beat();
        timer.scheduleWithFixedDelay(this::beatOrWarn, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        ClusterNode node = new ClusterNode(nodeId, started, Instant.now(), runningJobs.get());
        directory.write(tx -> {
            tx.nodes().beat(node);
            return null;
        });
    }

    private void beatOrWarn() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Recording the heartbeat of node " + nodeId + " failed; retried in "
                    + PERIOD.toSeconds() + " s", e);
        }
        try {
            afterEachBeat.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Node " + nodeId + " failed at its periodic check; retried in "
                    + PERIOD.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // a cell starting after the beat must not outlive the deployment's close
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
