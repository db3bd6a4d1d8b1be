package dev.hokan.api;

import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * Issue 15's chaos test: three nodes in processes of their own on one PostgreSQL catalog and shared vault storage make
 * 100 backups, from an hourly plan on the shared manual clock and from on-demand calls, each through a random node,
 * while a seeded schedule kills one node at a time with SIGKILL and starts it again. Every job ends once, every
 * completed job has the one recovery point that restores its source, every firing made its jobs once and the vault
 * verifies clean. A failure names the seed; {@code -Dhokan.chaos.seed=N} replays it.
 */
class ClusterChaosTest {
    private static final long LEASE_SECONDS = 3;
    private static final String VAULT = "chaos";
    private static final Instant DAY0 = Instant.parse("2040-03-01T00:00:00Z");
    private static final int RESOURCES = 3;
    private static final int FIRINGS = 20;
    private static final int ON_DEMAND = 40;
    private static final int JOBS = FIRINGS * RESOURCES + ON_DEMAND;
    /** A day: no backup expires while the clock moves an hour at a time. */
    private static final long START_WINDOW_MINUTES = 24 * 60;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();

    @Test
    void hundredBackupsWhileNodesAreKilledEachEndOnceWithOneRestorablePoint() throws Exception {
        long seed = Long.getLong("hokan.chaos.seed", System.nanoTime());
        try {
            hundredBackupsWhileNodesAreKilled(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (replay with -Dhokan.chaos.seed=" + seed + "): "
                    + e.getMessage(), e);
        }
    }

    private void hundredBackupsWhileNodesAreKilled(long seed) throws Exception {
        try (Cluster cluster = new Cluster()) {
            Random random = new Random(seed);
            cluster.any(random, n -> ok(setClock(n, DAY0)));
            NodeProcess first = cluster.any(random, n -> n);
            first.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            Map<String, Path> sources = new LinkedHashMap<>();
            for (int i = 0; i < RESOURCES; i++) {
                Path source = source(dir.resolve("source-" + i), seed + i);
                sources.put(ClusterJobsTest.register(cluster.any(random, n -> n), "source-" + i, source), source);
            }
            String planId = first.backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("hourly")
                    .rules(BackupRuleInput.builder().ruleName("hourly").targetBackupVaultName(VAULT)
                            .scheduleExpression("cron(0 * * * ? *)").startWindowMinutes(START_WINDOW_MINUTES)
                            .build())))
                    .backupPlanId();
            first.backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s
                    .selectionName("all").iamRoleArn(TestServer.ROLE).resources(sources.keySet())));

            cluster.startChaos(new Random(~seed));
            List<Boolean> firings = new ArrayList<>(Collections.nCopies(FIRINGS, true));
            firings.addAll(Collections.nCopies(ON_DEMAND, false));
            Collections.shuffle(firings, random);
            List<String> arns = List.copyOf(sources.keySet());
            int hour = 0;
            for (int i = 0; i < firings.size(); i++) {
                if (firings.get(i)) {
                    // the next firing, and its start delay (under an hour) over, so that its jobs may start at once
                    Instant now = DAY0.plus(Duration.ofHours(++hour + 1)).minusSeconds(1);
                    cluster.any(random, n -> ok(setClock(n, now)));
                } else {
                    String arn = arns.get(random.nextInt(arns.size()));
                    String token = "chaos-" + i;
                    cluster.any(random, n -> n.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                            .iamRoleArn(TestServer.ROLE).startWindowMinutes(START_WINDOW_MINUTES)
                            .idempotencyToken(token)));
                }
                Thread.sleep(100 + random.nextInt(500));
            }
            cluster.stopChaos();

            NodeProcess observer = cluster.any(random, n -> n);
            assertThat(cluster.up).as("nodes up at the end").doesNotContainNull();
            List<BackupJob> jobs = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> jobsIn(observer), all -> all.size() >= JOBS
                            && all.stream().allMatch(j -> BackupRestoreTest.FINAL.contains(j.state())));
            Thread.sleep(Duration.ofSeconds(2 * LEASE_SECONDS));
            jobs = jobsIn(observer);

            assertThat(cluster.kills).as("nodes killed").isPositive();
            assertThat(jobs).as("jobs").hasSize(JOBS);
            assertThat(jobs).as("jobs that did not complete").filteredOn(j -> j.state()
                    != BackupJobState.COMPLETED).isEmpty();
            Map<String, Long> firingsPerTime = jobs.stream().filter(j -> j.createdBy() != null
                            && planId.equals(j.createdBy().backupPlanId()))
                    .collect(Collectors.groupingBy(j -> j.creationDate() + " " + j.resourceArn(),
                            Collectors.counting()));
            assertThat(firingsPerTime).as("plan jobs per firing and resource")
                    .hasSize(FIRINGS * RESOURCES).allSatisfy((firing, n) -> assertThat(n).as(firing).isOne());
            for (NodeProcess node : cluster.nodes) {
                assertThat(observer.heldJobsOf(node.nodeId)).as("claims of " + node.nodeId).isEmpty();
            }

            List<String> points = jobs.stream().map(BackupJob::recoveryPointArn).toList();
            assertThat(points).as("one point per job").doesNotContainNull().doesNotHaveDuplicates();
            assertThat(observer.backup.listRecoveryPointsByBackupVaultPaginator(r -> r.backupVaultName(VAULT))
                    .recoveryPoints().stream().map(RecoveryPointByBackupVault::recoveryPointArn))
                    .as("the vault's points").containsExactlyInAnyOrderElementsOf(points);

            Map<String, Long> starts = starts(observer);
            Map<String, BackupJob> toRestore = new LinkedHashMap<>();
            jobs.stream().filter(j -> starts.getOrDefault(j.backupJobId(), 0L) > 1)
                    .forEach(j -> toRestore.put(j.recoveryPointArn(), j));
            System.out.println("ClusterChaosTest seed " + seed + ": " + cluster.kills + " nodes killed, " + toRestore.size()
                    + " jobs taken over");
            for (String arn : arns) {
                jobs.stream().filter(j -> j.resourceArn().equals(arn)).findFirst()
                        .ifPresent(j -> toRestore.putIfAbsent(j.recoveryPointArn(), j));
            }
            int restored = 0;
            for (BackupJob job : toRestore.values()) {
                Path target = dir.resolve("restored-" + restored++);
                NodeProcess node = cluster.any(random, n -> n);
                String restoreId = node.backup.startRestoreJob(r -> r.recoveryPointArn(job.recoveryPointArn())
                        .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
                var restore = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> node.backup.describeRestoreJob(r -> r.restoreJobId(restoreId)),
                                r -> r.status() == RestoreJobStatus.COMPLETED || r.status() == RestoreJobStatus.FAILED);
                assertThat(restore.status()).as("restore of " + job.backupJobId() + ": "
                        + restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
                Trees.assertSameTree(sources.get(job.resourceArn()), target);
            }

            try (Vault vault = Vault.open(new LocalBlobStore(cluster.storage.resolve("vaults").resolve(VAULT)),
                    MasterKey.load(cluster.masterKey), dir.resolve("verify-cache"))) {
                VerifyReport report = vault.verify(true);
                assertThat(report.ok()).as(report.toString()).isTrue();
                assertThat(vault.snapshots()).as("a snapshot per recovery point: a run killed between sealing its"
                        + " snapshot and recording its point leaves none behind").hasSameSizeAs(points);
            }
        }
    }

    /** A few small files of seeded content, one of them large enough to take more than one chunk. */
    private static Path source(Path dir, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("notes.txt"), "chaos " + seed + "\n".repeat(1 + random.nextInt(100)));
        byte[] data = new byte[256 * 1024 + random.nextInt(256 * 1024)];
        random.nextBytes(data);
        Files.write(dir.resolve("sub/deeper/data.bin"), data);
        Files.writeString(dir.resolve("sub/empty.txt"), "");
        return dir;
    }

    private static HttpResponse<String> setClock(NodeProcess node, Instant now) {
        return node.signed("POST", "/hokan/v1/clock", "{\"Now\":" + now.getEpochSecond() + "}");
    }

    private static List<BackupJob> jobsIn(NodeProcess node) {
        return node.backup.listBackupJobsPaginator(r -> r.byBackupVaultName(VAULT)).backupJobs().stream().toList();
    }

    /** How often each backup job started: more than once when a node took it over from another. */
    private static Map<String, Long> starts(NodeProcess node) {
        var events = ok(node.signed("GET", "/hokan/v1/events?type=BackupJobStarted&maxResults=1000", null))
                .get("Events").valueStream().toList();
        assertThat(events).hasSizeLessThan(1000);
        return events.stream().collect(Collectors.groupingBy(e -> e.path("Details").path("BackupJobId").asString(),
                Collectors.counting()));
    }

    /** Three nodes, of which the chaos thread kills one at a time and starts it again. */
    private final class Cluster implements AutoCloseable {
        final Path storage = Files.createDirectories(dir.resolve("shared"));
        final Path masterKey = dir.resolve("master.key");
        final NodeProcess[] nodes = new NodeProcess[3];
        final NodeProcess[] up = new NodeProcess[3];
        private final AtomicBoolean chaos = new AtomicBoolean(true);
        private Thread killer;
        volatile int kills;

        Cluster() throws IOException {
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = start(i);
                up[i] = nodes[i];
            }
        }

        private NodeProcess start(int i) throws IOException {
            return NodeProcess.start(dir, catalog.url(), storage, masterKey, "node-" + (char) ('a' + i),
                    LEASE_SECONDS);
        }

        /** Calls one of the nodes that are up, picked at random, again on another while a call fails. */
        <T> T any(Random random, Function<NodeProcess, T> call) {
            Instant until = Instant.now().plus(CALL_TIMEOUT);
            while (true) {
                NodeProcess node;
                synchronized (this) {
                    List<NodeProcess> live = IntStream.range(0, up.length).mapToObj(i -> up[i])
                            .filter(n -> n != null).toList();
                    node = live.get(random.nextInt(live.size()));
                }
                try {
                    return call.apply(node);
                } catch (RuntimeException | AssertionError e) {
                    if (Instant.now().isAfter(until)) {
                        throw e;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        void startChaos(Random random) {
            killer = Thread.ofPlatform().name("chaos").start(() -> killAndRestart(random));
        }

        /** Until stopped: waits, kills a random node with SIGKILL, waits, starts it again; never two down at once. */
        private void killAndRestart(Random random) {
            try {
                while (chaos.get()) {
                    Thread.sleep(1000 + random.nextInt(4000));
                    int victim = random.nextInt(nodes.length);
                    synchronized (this) {
                        up[victim] = null;
                    }
                    nodes[victim].signal("KILL");
                    nodes[victim].close();
                    kills++;
                    Thread.sleep(500 + random.nextInt(3000));
                    NodeProcess restarted = start(victim);
                    synchronized (this) {
                        nodes[victim] = restarted;
                        up[victim] = restarted;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops the chaos once the node it may have killed is up again. */
        void stopChaos() throws InterruptedException {
            chaos.set(false);
            if (killer != null) {
                killer.join();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopChaos();
            for (NodeProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }
}
