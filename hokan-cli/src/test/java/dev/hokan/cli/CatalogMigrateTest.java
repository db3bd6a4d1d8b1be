package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.api.HokanClient;
import dev.hokan.api.HokanServer;
import dev.hokan.api.ServerConfig;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.store.testing.PostgresCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code hokan catalog migrate}: the catalogs a real server left in its data directory move into PostgreSQL, and a
 * server on that database with the same vault storage and master key has all of it and restores what was backed up.
 */
class CatalogMigrateTest {
    private static final String ACCESS_KEY = "AKHKCLITESTMIGRATE01";
    private static final String SECRET = "cli-migrate-secret";
    private static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";

    @TempDir
    Path dir;

    private ServerConfig server(Path dataDir, Path vaults, CatalogLocation catalog) {
        return CatalogServers.config(dir, dataDir, vaults, catalog, new KeyPair(ACCESS_KEY, SECRET),
                CatalogBackupPolicy.NONE);
    }

    @Test
    void anEmbeddedDeploymentMovesIntoPostgresqlAndRestoresWhatItBackedUp() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("index.html"), "kept across the move");
        String planId;
        String pointArn;
        String holdId;
        KeyPair member;
        try (HokanServer embedded = HokanServer.start(server(data, data, CatalogLocation.EMBEDDED))) {
            HokanClient operator = new HokanClient(embedded.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
            operator.call("PUT", "/backup-vaults/moved", "{}");
            String resourceArn = operator.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
            planId = operator.call("PUT", "/backup/plans/", "{\"BackupPlan\":{\"BackupPlanName\":\"nightly\","
                    + "\"Rules\":[{\"RuleName\":\"nine\",\"TargetBackupVaultName\":\"moved\","
                    + "\"ScheduleExpression\":\"cron(0 21 * * ? *)\"}]}}").get("BackupPlanId").stringValue();
            operator.call("PUT", "/backup/plans/" + planId + "/selections/", "{\"BackupSelection\":{\"SelectionName\":"
                    + "\"web\",\"IamRoleArn\":\"" + ROLE + "\",\"Resources\":[\"" + resourceArn + "\"]}}");
            String jobId = operator.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"moved\",\"ResourceArn\":\""
                    + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\"}").get("BackupJobId").stringValue();
            JsonNode job = CatalogServers.await(operator, "/backup-jobs/" + jobId, "State");
            assertEquals("COMPLETED", job.get("State").stringValue(), job.toString());
            pointArn = job.get("RecoveryPointArn").stringValue();
            holdId = operator.call("POST", "/legal-holds/", "{\"Title\":\"audit\",\"Description\":\"kept\","
                    + "\"RecoveryPointSelection\":{\"VaultNames\":[\"moved\"]}}").get("LegalHoldId").stringValue();
            JsonNode account = operator.call("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"member\"}");
            member = new KeyPair(account.get("AccessKeyId").stringValue(), account.get("SecretAccessKey").stringValue());
            new HokanClient(embedded.endpoint(), member, "us-east-1").call("PUT", "/backup-vaults/member-vault", "{}");
            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":3600}");
        }

        String url = CatalogBackend.freshDatabase().url();
        VaultCommandTest.Run moved = hokan("catalog", "migrate", "--from", data.toString(), "--to", url);
        assertEquals(0, moved.exit(), moved.toString());
        assertTrue(moved.out().contains("Moved the directory and 2 cell catalog(s)"), moved.out());
        VaultCommandTest.Run again = hokan("catalog", "migrate", "--from", data.toString(), "--to", url);
        assertNotEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("already holds Hokan catalogs"), again.err());

        CatalogLocation postgres = CatalogLocation.Postgres.parse(url, null);
        try (HokanServer node = HokanServer.start(server(dir.resolve("node"), data, postgres))) {
            HokanClient operator = new HokanClient(node.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
            assertEquals(1, operator.call("GET", "/backup-vaults/moved", null).get("NumberOfRecoveryPoints").asLong());
            assertEquals("nightly", operator.call("GET", "/backup/plans/" + planId + "/", null).get("BackupPlan")
                    .get("BackupPlanName").stringValue());
            JsonNode held = operator.call("GET", "/legal-holds/" + holdId + "/recovery-points", null);
            assertEquals(pointArn, held.get("RecoveryPoints").get(0).get("RecoveryPointArn").stringValue(), held.toString());
            JsonNode clockMoves = operator.call("GET", "/hokan/v1/events?type=ClockMoved", null);
            assertEquals(1, clockMoves.get("Events").size(), clockMoves.toString());
            new HokanClient(node.endpoint(), member, "us-east-1").call("GET", "/backup-vaults/member-vault", null);

            Path target = dir.resolve("restored");
            String restoreId = operator.call("PUT", "/restore-jobs", "{\"RecoveryPointArn\":\"" + pointArn
                    + "\",\"Metadata\":{\"TargetPath\":\"" + target + "\"}}").get("RestoreJobId").stringValue();
            JsonNode restore = CatalogServers.await(operator, "/restore-jobs/" + restoreId, "Status");
            assertEquals("COMPLETED", restore.get("Status").stringValue(), restore.toString());
            assertEquals("kept across the move", Files.readString(target.resolve("index.html")));
        }
    }

    @Test
    void thePasswordComesFromItsFileAndNeverInTheUrl() throws Exception {
        Path data = dir.resolve("data");
        try (HokanServer embedded = HokanServer.start(server(data, data, CatalogLocation.EMBEDDED))) {
            new HokanClient(embedded.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1")
                    .call("PUT", "/backup-vaults/guarded", "{}");
        }
        PostgresCluster cluster = CatalogBackend.cluster();
        cluster.sql("CREATE ROLE guard LOGIN PASSWORD 'catalog-pw'");
        cluster.sql("CREATE DATABASE guarded OWNER guard");
        cluster.hbaFirst("host all guard 127.0.0.1/32 scram-sha-256");
        String url = "postgresql://guard@127.0.0.1:" + cluster.port() + "/guarded";

        VaultCommandTest.Run inUrl = hokan("catalog", "migrate", "--from", data.toString(), "--to",
                "postgresql://guard:catalog-pw@127.0.0.1:" + cluster.port() + "/guarded");
        assertNotEquals(0, inUrl.exit(), inUrl.toString());
        assertTrue(inUrl.err().contains("takes no password"), inUrl.err());
        assertFalse(inUrl.err().contains("catalog-pw"), inUrl.err());
        VaultCommandTest.Run notAUrl = hokan("catalog", "migrate", "--from", data.toString(), "--to", "guarded");
        assertNotEquals(0, notAUrl.exit(), notAUrl.toString());
        assertTrue(notAUrl.err().contains("postgresql://USER@HOST:PORT/DATABASE"), notAUrl.err());
        VaultCommandTest.Run without = hokan("catalog", "migrate", "--from", data.toString(), "--to", url);
        assertNotEquals(0, without.exit(), without.toString());

        Path passwordFile = Files.writeString(dir.resolve("catalog-password"), "catalog-pw\n");
        VaultCommandTest.Run with = hokan("catalog", "migrate", "--from", data.toString(), "--to", url,
                "--catalog-password-file", passwordFile.toString());
        assertEquals(0, with.exit(), with.toString());
        try (HokanServer node = HokanServer.start(server(dir.resolve("node"), data,
                CatalogLocation.Postgres.parse(url, "catalog-pw")))) {
            new HokanClient(node.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1")
                    .call("GET", "/backup-vaults/guarded", null);
        }
    }

    @Test
    void theServerRefusesACatalogItCannotUseBeforeItStarts() {
        String data = dir.resolve("data").toString();
        VaultCommandTest.Run lonePassword = hokan("server", "--data-dir", data, "--catalog-password-file",
                dir.resolve("password").toString());
        assertEquals(2, lonePassword.exit(), lonePassword.toString());
        assertTrue(lonePassword.err().contains("--catalog-password-file goes with --catalog"), lonePassword.err());
        VaultCommandTest.Run inUrl = hokan("server", "--data-dir", data, "--catalog",
                "postgresql://hokan:secret@127.0.0.1:5432/hokan");
        assertEquals(2, inUrl.exit(), inUrl.toString());
        assertTrue(inUrl.err().contains("takes no password"), inUrl.err());
        VaultCommandTest.Run badNode = hokan("server", "--data-dir", data, "--node-id", "node one");
        assertEquals(2, badNode.exit(), badNode.toString());
        assertTrue(badNode.err().contains("A node ID is"), badNode.err());
        assertFalse(Files.exists(dir.resolve("data")), "nothing was created");
    }
}
