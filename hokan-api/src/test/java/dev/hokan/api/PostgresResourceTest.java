package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hokan.store.testing.OldPostgres;
import dev.hokan.store.testing.PostgresCluster;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJob;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.ProtectedResource;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * PostgreSQL as a resource, through the real server and the AWS SDK: registration checks the server once in
 * replication mode; a backup job streams pg_basebackup into the vault; a restore job writes a data directory that
 * PostgreSQL starts as it is, and so does a restore of its copy in a second vault.
 */
class PostgresResourceTest extends ServerTestBase {
    private static final String ARN = "arn:aws:hokan:us-east-1:000000000000:postgresql/";
    static PostgresCluster cluster;
    static Path home;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
        cluster.sql("create role plain login; create role replicator login replication password 'secret-pw'");
        cluster.hbaFirst("host all,replication replicator 127.0.0.1/32 scram-sha-256");
        cluster.pgbenchInit(5);
        home = PostgresCluster.home();
        backup.createBackupVault(r -> r.backupVaultName("databases"));
        backup.createBackupVault(r -> r.backupVaultName("second-site"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
        PostgresCluster.remove(home);
    }

    static HttpResponse<String> register(String name, int port, String user, String passwordFile) {
        return register(hokan, name, port, user, passwordFile);
    }

    static HttpResponse<String> register(TestServer hokan, String name, int port, String user, String passwordFile) {
        return hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"PostgreSQL\",\"ResourceName\":\"" + name
                + "\",\"Host\":\"127.0.0.1\",\"Port\":" + port + ",\"User\":\"" + user + "\""
                + (passwordFile == null ? "" : ",\"PasswordFile\":\"" + passwordFile + "\"")
                + ",\"Tags\":{\"tier\":\"1\"}}");
    }

    @Test
    void registrationConnectsOnceAndRefusesWhatCannotBeBackedUpSayingWhatToChange() throws Exception {
        Path passwordFile = home.resolve("password");
        Files.writeString(passwordFile, "secret-pw\n");
        HttpResponse<String> ok = register("payments", cluster.port(), "replicator", passwordFile.toString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"ResourceArn\":\"" + ARN + "payments\"").doesNotContain("secret-pw");
        HttpResponse<String> listed = hokan.signed("GET", "/hokan/v1/resources", null);
        assertThat(listed.body()).contains(ARN + "payments").contains("\"ResourceType\":\"PostgreSQL\"")
                .contains("\"Host\":\"127.0.0.1\"").contains(passwordFile.toString()).doesNotContain("secret-pw");

        assertRefused(register("no-password-file", cluster.port(), "replicator", home.resolve("none").toString()),
                "PasswordFile " + home.resolve("none") + " cannot be read");
        Files.writeString(passwordFile, "wrong");
        assertRefused(register("wrong-password", cluster.port(), "replicator", passwordFile.toString()), "check PasswordFile");
        assertRefused(register("no-replication", cluster.port(), "plain", null), "ALTER ROLE plain REPLICATION");
        int unused;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }
        assertRefused(register("unreachable", unused, "postgres", null), "check Host and Port");
        try (OldPostgres old = OldPostgres.start("12.17")) {
            assertRefused(register("old", old.port(), "postgres", null), "13 or later");
        }
        HttpResponse<String> noHost = hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"PostgreSQL\","
                + "\"ResourceName\":\"x\",\"Port\":5432,\"User\":\"postgres\"}");
        assertThat(noHost.statusCode()).isEqualTo(400);
        assertThat(noHost.body()).contains("MissingParameterValueException").contains("Host");
        assertThat(hokan.signed("GET", "/hokan/v1/resources", null).body())
                .doesNotContain("wrong-password", "no-replication", "unreachable", ARN + "old");
    }

    private static void assertRefused(HttpResponse<String> response, String hint) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("InvalidParameterValueException").contains(hint);
    }

    @Test
    void aBackupUnderLoadRestoresAsADataDirectoryThatStartsConsistentAndSoDoesItsCopy() throws Exception {
        assertThat(register("orders", cluster.port(), "postgres", null).statusCode()).isEqualTo(200);
        Process load = cluster.pgbench(4, 15);
        Thread.sleep(2000);
        long committedBefore = Long.parseLong(cluster.sql("select count(*) from pgbench_history"));
        var job = BackupRestoreTest.awaitBackupOn(backup, backup.startBackupJob(r -> r.backupVaultName("databases")
                .resourceArn(ARN + "orders").iamRoleArn(TestServer.ROLE)).backupJobId());
        load.waitFor();
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(job.resourceType()).isEqualTo("PostgreSQL");
        String point = job.recoveryPointArn();

        List<ProtectedResource> resources = backup.listProtectedResources(r -> r.maxResults(100)).results();
        assertThat(resources).anySatisfy(r -> {
            assertThat(r.resourceArn()).isEqualTo(ARN + "orders");
            assertThat(r.resourceType()).isEqualTo("PostgreSQL");
        });

        assertThat(backup.getRecoveryPointRestoreMetadata(r -> r.backupVaultName("databases").recoveryPointArn(point))
                .restoreMetadata()).containsEntry("TargetPath", "")
                .containsEntry("SourceServer", "postgresql://postgres@127.0.0.1:" + cluster.port());
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(Map.of())))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("needs TargetPath");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(Map.of("TargetPath", home.resolve("missing/data").toString()))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("must be in an existing directory");

        Path target = home.resolve("restored");
        restoreAndCheck(backup, point, target, committedBefore);

        var copy = CopyJobTest.awaitCopyOn(backup, backup.startCopyJob(r -> r.recoveryPointArn(point)
                .sourceBackupVaultName("databases").iamRoleArn(TestServer.ROLE)
                .destinationBackupVaultArn(backup.describeBackupVault(v -> v.backupVaultName("second-site")).backupVaultArn()))
                .copyJobId());
        assertThat(copy.state()).as(copy.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
        restoreAndCheck(backup, copy.destinationRecoveryPointArn(), home.resolve("restored-copy"), committedBefore);
    }

    @Test
    void aPlanBacksUpThePostgresResourcesItSelects() {
        assertThat(register("plan-inventory", cluster.port(), "postgres", null).statusCode()).isEqualTo(200);
        String planId = backup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("databases").rules(
                BackupRuleInput.builder().ruleName("hourly").targetBackupVaultName("databases")
                        .scheduleExpression("cron(0 * * * ? *)").startWindowMinutes(60L).build()))).backupPlanId();
        backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s -> s.selectionName("postgres")
                .iamRoleArn(TestServer.ROLE).resources("arn:aws:hokan:*:*:postgresql/plan-*")));
        hokan.advanceClock(Duration.ofHours(1));
        List<BackupJob> jobs = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                backup.listBackupJobs(r -> r.byResourceArn(ARN + "plan-inventory")).backupJobs(), j -> !j.isEmpty());
        // a plan's job starts at a moment of the first quarter of its start window
        hokan.advanceClock(Duration.ofMinutes(15));
        var done = BackupRestoreTest.awaitBackupOn(backup, jobs.getFirst().backupJobId());
        assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(done.createdBy().backupPlanId()).isEqualTo(planId);
    }

    /** Restores the point into {@code target} with {@code backup}'s server, starts it and checks its data. */
    static void restoreAndCheck(BackupClient backup, String point, Path target, long committedBefore) throws Exception {
        String restoreId = backup.startRestoreJob(r -> r.recoveryPointArn(point).iamRoleArn(TestServer.ROLE)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        DescribeRestoreJobResponse restore = BackupRestoreTest.awaitRestoreOn(backup, restoreId);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(restore.createdResourceArn()).as("a stopped data directory is nothing Hokan can address").isNull();
        assertThat(restore.resourceType()).isEqualTo("PostgreSQL");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwx------");
        int owner = (Integer) Files.getAttribute(target.getParent(), "unix:uid");
        try (Stream<Path> files = Files.walk(target)) {
            assertThat(files).allMatch(f -> uid(f) == owner);
        }
        try (PostgresCluster restored = PostgresCluster.restored(target)) {
            PostgresCluster.Result check = restored.amcheck();
            assertThat(check.status()).as(check.output()).isZero();
            assertThat(Long.parseLong(restored.sql("select count(*) from pgbench_history"))).isGreaterThanOrEqualTo(committedBefore);
            assertThat(restored.sql("select sum(abalance) from pgbench_accounts"))
                    .isEqualTo(restored.sql("select sum(delta) from pgbench_history"));
        }
    }

    private static int uid(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
