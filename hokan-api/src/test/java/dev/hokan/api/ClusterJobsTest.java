package dev.hokan.api;

import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.Account;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;

/**
 * Nodes in processes of their own on one PostgreSQL catalog and shared vault storage: each job runs on the one node
 * that claimed it, a node that stops renewing its lease (killed, paused, cut from the catalog) loses its jobs to a
 * node that completes them, and a node that lost a job commits nothing of it.
 */
class ClusterJobsTest {
    private static final long LEASE_SECONDS = 3;
    private static final String VAULT = "cluster";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    private final CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();

    @Test
    void aBackupOfAKilledNodeIsCompletedByAnotherWithOneRecoveryPoint() throws Exception {
        Path source = longSource(dir);
        try (NodeProcess a = node(catalog.url(), "node-a"); NodeProcess b = node(catalog.url(), "node-b")) {
            Running backup = longBackup(a, b, source);
            String jobId = backup.jobId();
            NodeProcess other = backup.other();
            backup.holder().signal("KILL");

            DescribeBackupJobResponse done = awaitBackup(other.backup, jobId);
            assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertThat(other.backupJobEvents("BackupJobStarted", jobId)).as("started by each node").isEqualTo(2);
            assertOnePointRestoringTo(other, done, source);
        }
    }

    @Test
    void aRestoreOfAKilledNodeResumesFromItsCheckpointOnAnotherAndRestoresTheWholeTree() throws Exception {
        Path source = manyFilesAroundAPause(dir.resolve("tree"));
        try (NodeProcess a = node(catalog.url(), "node-a"); NodeProcess b = node(catalog.url(), "node-b");
             Catalogs catalogs = Catalogs.open(catalog)) {
            CellCatalog cell = catalogs.cell(dir.resolve("reader"), Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION);
            a.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            String arn = register(a, "tree", source);
            DescribeBackupJobResponse backup = awaitBackup(a.backup, a.backup.startBackupJob(r -> r
                    .backupVaultName(VAULT).resourceArn(arn).iamRoleArn(TestServer.ROLE)).backupJobId());
            assertThat(backup.state()).as(backup.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            Path target = dir.resolve("restored-tree");
            String jobId = a.backup.startRestoreJob(r -> r.recoveryPointArn(backup.recoveryPointArn())
                    .metadata(Map.of("TargetPath", target.toString(), "MaxBytesPerSecond", PAUSING_RATE))).restoreJobId();
            // killed once its checkpoint covers the files before the large one, which it is then writing
            await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> cell.read(tx -> tx
                    .restoreCheckpoints().filesComplete(jobId)).orElse(0L) >= FILES_BEFORE_THE_PAUSE
                    || ended(a.backup.describeRestoreJob(r -> r.restoreJobId(jobId))));
            var running = a.backup.describeRestoreJob(r -> r.restoreJobId(jobId));
            assertThat(ended(running)).as("ended before its checkpoint covered the first files: " + running).isFalse();
            NodeProcess holder = a.heldJobsOf(a.nodeId).contains(jobId) ? a : b;
            NodeProcess other = holder == a ? b : a;
            assertThat(holder.heldJobsOf(holder.nodeId)).contains(jobId);
            holder.signal("KILL");

            var done = await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> other.backup.describeRestoreJob(r -> r.restoreJobId(jobId)),
                            ClusterJobsTest::ended);
            assertThat(done.status()).as(done.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(done.statusMessage()).startsWith("Resumed after the node running it stopped: of the ");
            assertThat(other.jobEvents("RestoreJobStarted", "RestoreJobId", jobId)).as("started by each node")
                    .isEqualTo(2);
            Optional<Long> checkpoint = cell.read(tx -> tx.restoreCheckpoints().filesComplete(jobId));
            assertThat(checkpoint).as("deleted at the end").isEmpty();
            Trees.assertSameTree(source, target);
        }
    }

    @Test
    void aPausedNodeWhoseJobWasTakenOverCommitsNothingOfItWhenItResumes() throws Exception {
        Path source = longSource(dir);
        try (NodeProcess a = node(catalog.url(), "node-a"); NodeProcess b = node(catalog.url(), "node-b")) {
            Running backup = longBackup(a, b, source);
            String jobId = backup.jobId();
            NodeProcess holder = backup.holder();
            NodeProcess other = backup.other();
            holder.signal("STOP");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> other.heldJobsOf(other.nodeId).contains(jobId));
            holder.signal("CONT");

            DescribeBackupJobResponse done = awaitBackup(other.backup, jobId);
            // the resumed node learns at its next renewal, or at its commit, that the job is no longer its own
            Thread.sleep(Duration.ofSeconds(2 * LEASE_SECONDS));
            assertThat(other.backup.describeBackupJob(r -> r.backupJobId(jobId)).toString()).isEqualTo(done.toString());
            assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertThat(other.backupJobEvents("BackupJobCompleted", jobId)).isOne();
            assertThat(holder.alive()).isTrue();
            assertThat(holder.heldJobsOf(holder.nodeId)).isEmpty();
            assertOnePointRestoringTo(holder, done, source);
        }
    }

    @Test
    void aNodeCutFromTheCatalogStopsItsJobAndResumesItWhenTheLinkComesBack() throws Exception {
        Path source = longSource(dir);
        try (SeverableProxy link = new SeverableProxy(catalog.port());
             NodeProcess a = node(CatalogLocation.Postgres.parse("postgresql://" + catalog.user() + "@127.0.0.1:"
                     + link.port() + "/" + catalog.database(), null).url(), "node-a")) {
            String jobId = startBackup(a, source);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.heldJobsOf(a.nodeId).contains(jobId));
            link.sever();
            Thread.sleep(Duration.ofSeconds(3 * LEASE_SECONDS));
            link.restore();

            DescribeBackupJobResponse done = awaitBackup(a.backup, jobId);
            assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            assertThat(a.backupJobEvents("BackupJobStarted", jobId))
                    .as("stopped once its lease ran out, then taken over again").isEqualTo(2);
            assertOnePointRestoringTo(a, done, source);
        }
    }

    @Test
    void aNodeRunsTheJobsOfAnAccountThatOnlyAnotherNodeServed() throws Exception {
        Path source = longSource(dir);
        try (NodeProcess a = node(catalog.url(), "node-a"); NodeProcess b = node(catalog.url(), "node-b")) {
            JsonNode tenant = ok(a.signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"tenant\"}"));
            String accountId = tenant.get("AccountId").stringValue();
            String key = tenant.get("AccessKeyId").stringValue();
            String secret = tenant.get("SecretAccessKey").stringValue();
            ok(a.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + accountId + "\",\"Path\":\""
                    + source + "\",\"Use\":\"SOURCE\"}"));
            String jobId;
            try (BackupClient tenantOnA = a.client(key, secret)) {
                tenantOnA.createBackupVault(r -> r.backupVaultName(VAULT));
                ok(a.signedAs(key, secret, "POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                        + "\"ResourceName\":\"long\",\"Path\":\"" + source + "\",\"Tags\":{}}"));
                String arn = "arn:aws:hokan:us-east-1:" + accountId + ":directory/long";
                jobId = tenantOnA.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                        .iamRoleArn(TestServer.ROLE)).backupJobId();
            }
            a.signal("KILL");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> b.heldJobsOf(b.nodeId).contains(jobId));
            await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> !b.heldJobsOf(b.nodeId).contains(jobId));
            // b loaded its view of the identities at its start, before the account existed; a node started now knows
            // the account's key
            try (NodeProcess c = node(catalog.url(), "node-c"); BackupClient tenantOnC = c.client(key, secret)) {
                DescribeBackupJobResponse done = tenantOnC.describeBackupJob(r -> r.backupJobId(jobId));
                assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
                assertThat(pointsIn(tenantOnC).stream().map(RecoveryPointByBackupVault::recoveryPointArn))
                        .containsExactly(done.recoveryPointArn());
            }
        }
    }

    @Test
    void aStopThroughAnotherNodeAbortsTheBackupOnTheNodeRunningIt() throws Exception {
        Path source = longSource(dir);
        try (NodeProcess a = node(catalog.url(), "node-a"); NodeProcess b = node(catalog.url(), "node-b")) {
            Running backup = longBackup(a, b, source);
            String jobId = backup.jobId();
            backup.other().backup.stopBackupJob(r -> r.backupJobId(jobId));

            DescribeBackupJobResponse done = await().atMost(Duration.ofSeconds(4 * LEASE_SECONDS))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> backup.other().backup.describeBackupJob(r -> r.backupJobId(jobId)),
                            job -> BackupRestoreTest.FINAL.contains(job.state()));
            assertThat(done.state()).isEqualTo(BackupJobState.ABORTED);
            assertThat(done.statusMessage()).isEqualTo("Stopped by StopBackupJob");
            assertThat(pointsIn(backup.holder().backup)).isEmpty();
            assertThat(backup.holder().heldJobsOf(backup.holder().nodeId)).isEmpty();
        }
    }

    @Test
    void twoDispatchersOnOneCatalogRunEachJobOnce() throws Exception {
        try (NodeProcess a = node(catalog.url(), "node-a"); NodeProcess b = node(catalog.url(), "node-b")) {
            a.backup.createBackupVault(r -> r.backupVaultName(VAULT));
            List<NodeProcess> nodes = List.of(a, b);
            List<String> resources = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Path source = Trees.sample(dir.resolve("source-" + i), i);
                resources.add(register(nodes.get(i % 2), "source-" + i, source));
            }
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < resources.size(); i++) {
                String arn = resources.get(i);
                jobs.add(nodes.get(i % 2).backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                        .iamRoleArn(TestServer.ROLE)).backupJobId());
            }
            List<String> points = new ArrayList<>();
            for (String jobId : jobs) {
                DescribeBackupJobResponse done = awaitBackup(b.backup, jobId);
                assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
                assertThat(a.backupJobEvents("BackupJobStarted", jobId)).as("starts of " + jobId).isOne();
                assertThat(a.backupJobEvents("BackupJobCompleted", jobId)).as("ends of " + jobId).isOne();
                points.add(done.recoveryPointArn());
            }
            assertThat(pointsIn(a.backup).stream().map(RecoveryPointByBackupVault::recoveryPointArn))
                    .containsExactlyInAnyOrderElementsOf(points);
        }
    }

    private NodeProcess node(String catalogUrl, String nodeId) throws IOException {
        return NodeProcess.start(dir, catalogUrl, Files.createDirectories(dir.resolve("shared")),
                dir.resolve("master.key"), nodeId, LEASE_SECONDS);
    }

    static String register(NodeProcess node, String name, Path path) {
        var r = node.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":\""
                + name + "\",\"Path\":\"" + path + "\",\"Tags\":{}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return "arn:aws:hokan:us-east-1:000000000000:directory/" + name;
    }

    private static String startBackup(NodeProcess node, Path source) {
        node.backup.createBackupVault(r -> r.backupVaultName(VAULT));
        String arn = register(node, "long", source);
        return node.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(arn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
    }

    /** A backup job running on {@code holder}, the node that claimed it, and the node that did not. */
    private record Running(String jobId, NodeProcess holder, NodeProcess other) {
    }

    /** Starts a backup of {@code source} through {@code a}; returns once it has run for a second on its node. */
    private static Running longBackup(NodeProcess a, NodeProcess b, Path source) throws InterruptedException {
        String jobId = startBackup(a, source);
        NodeProcess holder = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.heldJobsOf(a.nodeId).contains(jobId) ? a
                        : a.heldJobsOf(b.nodeId).contains(jobId) ? b : null, node -> node != null);
        Thread.sleep(1000);
        return new Running(jobId, holder, holder == a ? b : a);
    }

    /** Waits for the job's end, through a node whose catalog link may just be coming back. */
    private static DescribeBackupJobResponse awaitBackup(BackupClient client, String jobId) {
        return await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> client.describeBackupJob(r -> r.backupJobId(jobId)),
                        job -> BackupRestoreTest.FINAL.contains(job.state()));
    }

    private static List<RecoveryPointByBackupVault> pointsIn(BackupClient client) {
        return client.listRecoveryPointsByBackupVaultPaginator(r -> r.backupVaultName(VAULT)).recoveryPoints()
                .stream().toList();
    }

    /** The job made exactly one recovery point of its resource, which restores the source byte for byte. */
    private void assertOnePointRestoringTo(NodeProcess node, DescribeBackupJobResponse job, Path source)
            throws IOException {
        assertThat(pointsIn(node.backup).stream().filter(p -> p.resourceArn().equals(job.resourceArn()))
                .map(RecoveryPointByBackupVault::recoveryPointArn)).containsExactly(job.recoveryPointArn());
        Path target = dir.resolve("restored");
        String restoreId = node.backup.startRestoreJob(r -> r.recoveryPointArn(job.recoveryPointArn())
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        var restore = await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> node.backup.describeRestoreJob(r -> r.restoreJobId(restoreId)),
                        r -> r.status() == RestoreJobStatus.COMPLETED || r.status() == RestoreJobStatus.FAILED);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, target);
    }

    static boolean ended(DescribeRestoreJobResponse job) {
        return job.status() == RestoreJobStatus.COMPLETED || job.status() == RestoreJobStatus.FAILED
                || job.status() == RestoreJobStatus.ABORTED;
    }

    static final int FILES_BEFORE_THE_PAUSE = 600;
    /**
     * Restore metadata MaxBytesPerSecond that makes the pause's 4 GiB last at least 8 seconds on any machine: a file of
     * zeros is restored as a hole, in under a second where nothing else runs.
     */
    static final String PAUSING_RATE = Long.toString(512L << 20);

    /**
     * {@value #FILES_BEFORE_THE_PAUSE} small files of random data, then a 4 GiB file of zeros that a restore at
     * {@link #PAUSING_RATE} takes seconds over, then as many small files again.
     */
    static Path manyFilesAroundAPause(Path source) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        for (String sub : List.of("a-before", "c-after")) {
            Path files = Files.createDirectories(source.resolve(sub));
            for (int i = 0; i < FILES_BEFORE_THE_PAUSE; i++) {
                byte[] content = new byte[1000 + random.nextInt(15000)];
                random.nextBytes(content);
                Files.write(files.resolve(String.format("f%04d", i)), content);
            }
        }
        try (RandomAccessFile sparse = new RandomAccessFile(source.resolve("b-pause.img").toFile(), "rw")) {
            sparse.setLength(4L << 30);
        }
        return source;
    }

    /** 64 MiB of random data, then 2 GiB of zeros that take seconds to hash: a backup that runs for a while. */
    private static Path longSource(Path dir) throws IOException {
        return CrashRecoveryTest.source(dir.resolve("long"), 16, 2L << 30);
    }
}
