package dev.hokan.api;

import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * A vault deleted and created again under its name through one node, while another node of the cluster still has the
 * first vault open: every node backs up into the new vault and restores from it, in its storage and with its keys.
 */
class ClusterVaultIncarnationTest {
    private static final String VAULT = "reborn";

    @TempDir
    Path dir;

    /** A node of the cluster: the nodes share the catalog, the vaults' storage and the master key. */
    private ServerConfig node(CatalogLocation catalog, String nodeId) {
        return TestServer.clusterNode(dir.resolve(nodeId), dir.resolve("master.key"), dir.resolve("storage"), catalog,
                nodeId);
    }

    @Test
    void aVaultDeletedAndCreatedAgainThroughOneNodeIsTheNewVaultOnTheOther() throws Exception {
        assumeTrue(AwsCliTest.awsExecutable() != null, "the aws CLI is not installed");
        CatalogLocation.Postgres catalog = CatalogBackend.freshDatabase();
        Path site = Trees.sample(dir.resolve("site"), 15);
        try (TestServer b = TestServer.start(node(catalog, "node-b"))) {
            String resource;
            String key;
            // the clock stands still throughout: both vaults are created at the same instant
            try (TestServer a = TestServer.start(node(catalog, "node-a"))) {
                a.backup.createBackupVault(r -> r.backupVaultName(VAULT));
                resource = a.registerDirectory("site", site, "{}");
                String first = completed(b, backUp(b, resource));
                // B opens the first vault's storage and learns its key
                ok(b.signed("GET", "/hokan/v1/backup-vaults/" + VAULT + "/storage", null));
                assertThat(b.backup.describeRecoveryPoint(r -> r.backupVaultName(VAULT).recoveryPointArn(first))
                        .encryptionKeyArn()).isEqualTo(a.backup.describeBackupVault(r -> r.backupVaultName(VAULT))
                        .encryptionKeyArn());

                a.backup.deleteRecoveryPoint(r -> r.backupVaultName(VAULT).recoveryPointArn(first));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> a.backup
                        .describeBackupVault(r -> r.backupVaultName(VAULT)).numberOfRecoveryPoints() == 0);
                a.backup.deleteBackupVault(r -> r.backupVaultName(VAULT));
                key = VaultKeysTest.kmsAt(a, dir, "create-key", "--description", VAULT).get("KeyMetadata")
                        .get("Arn").asString();
                a.backup.createBackupVault(r -> r.backupVaultName(VAULT).encryptionKeyArn(key));
            }

            // with A stopped, B runs the jobs: into the new vault, under its key
            String second = completed(b, backUp(b, resource));
            assertThat(b.backup.describeRecoveryPoint(r -> r.backupVaultName(VAULT).recoveryPointArn(second))
                    .encryptionKeyArn()).isEqualTo(key);
            assertThat(b.backup.listRecoveryPointsByResource(r -> r.resourceArn(resource)).recoveryPoints())
                    .singleElement().satisfies(p -> assertThat(p.encryptionKeyArn()).isEqualTo(key));
            assertRestores(b, second, site, dir.resolve("second-by-b"));

            // A, started again, opens the new vault from its storage alone
            try (TestServer a = TestServer.start(node(catalog, "node-a"))) {
                String third = completed(a, backUp(a, resource));
                for (String point : List.of(second, third)) {
                    String id = point.substring(point.lastIndexOf(':') + 1);
                    assertRestores(a, point, site, dir.resolve(id + "-by-a"));
                    assertRestores(b, point, site, dir.resolve(id + "-by-b"));
                }
                ok(a.signed("GET", "/hokan/v1/backup-vaults/" + VAULT + "/storage", null));
            }
        }
    }

    private static String backUp(TestServer node, String resourceArn) {
        return node.backup.startBackupJob(r -> r.backupVaultName(VAULT).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
    }

    private static String completed(TestServer node, String jobId) {
        DescribeBackupJobResponse job = BackupRestoreTest.awaitBackupOn(node.backup, jobId);
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return job.recoveryPointArn();
    }

    private static void assertRestores(TestServer node, String pointArn, Path source, Path target) throws Exception {
        String jobId = node.backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        DescribeRestoreJobResponse job = BackupRestoreTest.awaitRestoreOn(node.backup, jobId);
        assertThat(job.status()).as(job.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, target);
    }
}
