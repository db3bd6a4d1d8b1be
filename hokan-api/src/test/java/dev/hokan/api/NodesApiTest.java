package dev.hokan.api;

import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import tools.jackson.databind.JsonNode;

/**
 * GET /hokan/v1/nodes: every node serving the deployment, its last heartbeat, the jobs it runs and holds claims on;
 * the operator's.
 */
class NodesApiTest {
    @TempDir
    Path dir;

    /** A node of a cluster: every node has the cluster's master key. */
    private ServerConfig node(Path dataDir, CatalogLocation catalog, String nodeId) {
        return TestServer.clusterNode(dataDir, dir.resolve("master.key"), catalog, nodeId);
    }

    @Test
    void nodesOnOneCatalogSeeEachOthersHeartbeats() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        Instant before = Instant.now().minusSeconds(1);
        try (TestServer a = TestServer.start(node(dir.resolve("a"), catalog, "node-a"));
             TestServer b = TestServer.start(node(dir.resolve("b"), catalog, "node-b"))) {
            JsonNode seenByB = ok(b.signed("GET", "/hokan/v1/nodes", null));
            assertThat(seenByB.get("ThisNode").stringValue()).isEqualTo("node-b");
            assertThat(seenByB.get("Nodes").valueStream().map(n -> n.get("NodeId").stringValue()))
                    .containsExactly("node-a", "node-b");
            Instant first = heartbeat(seenByB, "node-a");
            assertThat(first).isAfter(before);
            assertThat(heartbeat(ok(a.signed("GET", "/hokan/v1/nodes", null)), "node-b"))
                    .isEqualTo(heartbeat(seenByB, "node-b"));
            // the manual clock stands still; heartbeats follow real time
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> heartbeat(ok(b.signed("GET", "/hokan/v1/nodes", null)), "node-a").isAfter(first));
        }
    }

    @Test
    void aKeyMadeOrRevokedThroughOneNodeCountsOnTheOtherAtOnce() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(dir.resolve("a"), catalog, "node-a"));
             TestServer b = TestServer.start(node(dir.resolve("b"), catalog, "node-b"))) {
            ok(b.signed("GET", "/backup-vaults/", null));
            TestIdentities throughA = new TestIdentities(a);
            TestIdentities.Signer user = throughA.createUser(throughA.operator(), "reader",
                    TestIdentities.allow("backup:ListBackupVaults", "*"));
            TestIdentities.Signer onB = new TestIdentities.Signer(b, user.arn(), user.accessKey(), user.secret());
            assertThat(onB.signed("GET", "/backup-vaults/", null).statusCode()).as("made through A").isEqualTo(200);

            ok(throughA.operator().signed("DELETE", "/hokan/v1/admin/principals/" + TestIdentities.encode(user.arn())
                    + "/access-keys/" + user.accessKey(), null));
            HttpResponse<String> revoked = onB.signed("GET", "/backup-vaults/", null);
            assertThat(revoked.statusCode()).as("revoked through A: " + revoked.body()).isEqualTo(403);
        }
    }

    @Test
    void aVaultAccessPolicyPutOrDeletedThroughOneNodeCountsOnTheOtherAtOnce() throws Exception {
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        try (TestServer a = TestServer.start(node(dir.resolve("a"), catalog, "node-a"));
             TestServer b = TestServer.start(node(dir.resolve("b"), catalog, "node-b"))) {
            a.backup.createBackupVault(r -> r.backupVaultName("append-only"));
            b.backup.describeBackupVault(r -> r.backupVaultName("append-only"));
            a.backup.putBackupVaultAccessPolicy(r -> r.backupVaultName("append-only").policy("""
                    {"Version":"2012-10-17","Statement":[{"Sid":"Keep","Effect":"Deny","Principal":"*",\
                    "Action":"backup:DeleteBackupVault","Resource":"*"}]}"""));
            BackupException denied = catchThrowableOfType(BackupException.class,
                    () -> b.backup.deleteBackupVault(r -> r.backupVaultName("append-only")));
            assertThat(denied).as("put through A").isNotNull();
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");

            a.backup.deleteBackupVaultAccessPolicy(r -> r.backupVaultName("append-only"));
            b.backup.deleteBackupVault(r -> r.backupVaultName("append-only"));
            assertThat(a.backup.listBackupVaults().backupVaultList()).isEmpty();
        }
    }

    @Test
    void aNodeListsTheJobsItRunsAndOnlyTheOperatorMayAsk() throws Exception {
        try (TestServer hokan = TestServer.start(dir.resolve("data"))) {
            JsonNode nodes = ok(hokan.signed("GET", "/hokan/v1/nodes", null));
            assertThat(nodes.get("Nodes").valueStream().map(n -> n.get("NodeId").stringValue()))
                    .containsExactly("local");
            assertThat(runningJobs(hokan, "local")).isEmpty();

            hokan.backup.createBackupVault(r -> r.backupVaultName("busy"));
            String arn = hokan.registerDirectory("big", CrashRecoveryTest.bigSource(dir), "{}");
            String jobId = hokan.backup.startBackupJob(r -> r.backupVaultName("busy").resourceArn(arn)
                    .iamRoleArn(TestServer.ROLE)).backupJobId();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runningJobs(hokan, "local"), jobs -> jobs.contains(jobId));
            assertThat(heldJobs(hokan, "local")).containsExactly(jobId + " BACKUP");
            hokan.backup.stopBackupJob(r -> r.backupJobId(jobId));
            assertThat(BackupRestoreTest.awaitBackupOn(hokan.backup, jobId).state()).isEqualTo(BackupJobState.ABORTED);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runningJobs(hokan, "local"), List::isEmpty);
            assertThat(heldJobs(hokan, "local")).as("the claim ends with the job").isEmpty();

            HttpResponse<String> denied = new TestIdentities(hokan).createAccount("member")
                    .signed("GET", "/hokan/v1/nodes", null);
            assertThat(denied.statusCode()).as(denied.body()).isEqualTo(403);
            assertThat(denied.body()).contains("only the operator");
        }
    }

    private static Instant heartbeat(JsonNode nodes, String nodeId) {
        return nodes.get("Nodes").valueStream().filter(n -> n.get("NodeId").stringValue().equals(nodeId))
                .map(n -> Instant.ofEpochMilli(Math.round(n.get("LastHeartbeat").asDouble() * 1000))).findFirst()
                .orElseThrow();
    }

    /** The jobs the node holds claims on, as "ID TYPE". */
    private static List<String> heldJobs(TestServer server, String nodeId) {
        JsonNode nodes = ok(server.signed("GET", "/hokan/v1/nodes", null)).get("Nodes");
        return nodes.valueStream().filter(n -> n.get("NodeId").stringValue().equals(nodeId))
                .flatMap(n -> n.get("HeldJobs").valueStream())
                .map(j -> j.get("JobId").stringValue() + " " + j.get("JobType").stringValue()).toList();
    }

    private static List<String> runningJobs(TestServer server, String nodeId) {
        JsonNode nodes = ok(server.signed("GET", "/hokan/v1/nodes", null)).get("Nodes");
        return nodes.valueStream().filter(n -> n.get("NodeId").stringValue().equals(nodeId))
                .flatMap(n -> n.get("RunningJobs").valueStream()).map(JsonNode::stringValue).toList();
    }
}
