package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.api.HokanClient;
import dev.hokan.api.HokanServer;
import dev.hokan.api.ServerConfig;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.CatalogBackups;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The daily catalog backup into the operator's vault, kept as long as the policy says, and {@code hokan catalog
 * restore}: plans, jobs, points and accounts come back from it with one command, into SQLite and into PostgreSQL.
 */
class CatalogBackupTest {
    private static final String ACCESS_KEY = "AKHKCLITESTCATBACKUP";
    private static final String SECRET = "cli-catalog-backup-secret";
    private static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";
    private static final long DAY = 86400;

    @TempDir
    Path dir;

    private ServerConfig config(Path dataDir, Path vaults, CatalogLocation catalog, CatalogBackupPolicy policy) {
        return CatalogServers.config(dir, dataDir, vaults, catalog, new KeyPair(ACCESS_KEY, SECRET), policy);
    }

    @Test
    void theCatalogsAreBackedUpDailyKeptAsToldAndRestoredWithOneCommand() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("index.html"), "backed up");
        String planId;
        String pointArn;
        KeyPair member;
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED,
                new CatalogBackupPolicy("catalogs", 2)))) {
            HokanClient operator = new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
            operator.call("PUT", "/backup-vaults/catalogs", "{}");
            operator.call("PUT", "/backup-vaults/kept", "{}");
            String resourceArn = operator.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
            planId = operator.call("PUT", "/backup/plans/", "{\"BackupPlan\":{\"BackupPlanName\":\"nightly\","
                    + "\"Rules\":[{\"RuleName\":\"nine\",\"TargetBackupVaultName\":\"kept\","
                    + "\"ScheduleExpression\":\"cron(0 21 * * ? *)\"}]}}").get("BackupPlanId").stringValue();
            String jobId = operator.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"kept\",\"ResourceArn\":\""
                    + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\"}").get("BackupJobId").stringValue();
            JsonNode job = CatalogServers.await(operator, "/backup-jobs/" + jobId, "State");
            assertEquals("COMPLETED", job.get("State").stringValue(), job.toString());
            pointArn = job.get("RecoveryPointArn").stringValue();
            JsonNode account = operator.call("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"member\"}");
            member = new KeyPair(account.get("AccessKeyId").stringValue(), account.get("SecretAccessKey").stringValue());

            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + DAY + "}");
            assertEquals(1, catalogBackups(data).size());
            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + DAY / 2 + "}");
            assertEquals(1, catalogBackups(data).size(), "one a day");
            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + DAY + "}");
            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + 2 * DAY + "}");
            assertEquals(2, catalogBackups(data).size(), "the first, three and a half days old, is gone");
            operator.call("PUT", "/backup/plans/", "{\"BackupPlan\":{\"BackupPlanName\":\"after-the-backup\","
                    + "\"Rules\":[{\"RuleName\":\"r\",\"TargetBackupVaultName\":\"kept\"}]}}");
        }
        // the disaster: every catalog is lost, the home cell's and the member account's (its first event made it)
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().matches("(catalog|directory)\\.db.*")) {
                    Files.delete(f);
                }
            }
        }

        VaultCommandTest.Run restored = hokan("catalog", "restore", "--storage", data.toString(), "--from-vault",
                "catalogs", "--to", data.toString(), "--master-key-file", dir.resolve("master.key").toString());
        assertEquals(0, restored.exit(), restored.toString());
        assertTrue(restored.out().contains("Restored the directory and 2 cell catalog(s)"), restored.out());
        VaultCommandTest.Run again = hokan("catalog", "restore", "--storage", data.toString(), "--from-vault",
                "catalogs", "--to", data.toString(), "--master-key-file", dir.resolve("master.key").toString());
        assertNotEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("already holds Hokan catalogs"), again.err());
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED,
                CatalogBackupPolicy.NONE))) {
            assertRestored(server, planId, pointArn, member, "sqlite");
        }

        String url = CatalogBackend.freshDatabase().url();
        VaultCommandTest.Run intoPostgres = hokan("catalog", "restore", "--storage", data.toString(), "--from-vault",
                "catalogs", "--to", url, "--master-key-file", dir.resolve("master.key").toString());
        assertEquals(0, intoPostgres.exit(), intoPostgres.toString());
        try (HokanServer node = HokanServer.start(config(dir.resolve("node"), data, CatalogLocation.Postgres.parse(url,
                null), CatalogBackupPolicy.NONE))) {
            assertRestored(node, planId, pointArn, member, "postgresql");
        }
    }

    @Test
    void aDestroyedKmsKeyIsInNoCatalogBackupLeft() throws Exception {
        Path data = dir.resolve("data");
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED,
                new CatalogBackupPolicy("catalogs", 30)))) {
            HokanClient operator = new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
            operator.call("PUT", "/backup-vaults/catalogs", "{}");
            KeyService keys = server.engine().keys();
            String keyArn = keys.keyArn(keys.createKey("shredded", null));
            keys.scheduleDeletion(KeyReference.parse(keyArn), 7);
            for (int day = 0; day < 6; day++) {
                operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + DAY + "}");
            }
            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + DAY / 2 + "}");
            assertEquals(6, catalogBackups(data).size(), "one a day, the key still there");

            double now = operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + DAY * 3 / 4 + "}")
                    .get("Now").doubleValue();
            List<String> left = catalogBackupTimes(data);
            assertEquals(1, left.size(), "the backups holding the destroyed key are deleted: " + left);
            assertEquals(now, Instant.parse(left.getFirst()).toEpochMilli() / 1000.0, 1,
                    "taken at once after the key was destroyed, not a day after the last");
        }
    }

    private void assertRestored(HokanServer server, String planId, String pointArn, KeyPair member, String label)
            throws Exception {
        HokanClient operator = new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
        assertEquals("nightly", operator.call("GET", "/backup/plans/" + planId + "/", null).get("BackupPlan")
                .get("BackupPlanName").stringValue());
        JsonNode plans = operator.call("GET", "/backup/plans/", null);
        assertEquals(1, plans.get("BackupPlansList").size(), "the plan made after the backup is not in it: " + plans);
        new HokanClient(server.endpoint(), member, "us-east-1").call("GET", "/backup-vaults/", null);
        Path target = dir.resolve("restored-" + label);
        String restoreId = operator.call("PUT", "/restore-jobs", "{\"RecoveryPointArn\":\"" + pointArn
                + "\",\"Metadata\":{\"TargetPath\":\"" + target + "\"}}").get("RestoreJobId").stringValue();
        JsonNode restore = CatalogServers.await(operator, "/restore-jobs/" + restoreId, "Status");
        assertEquals("COMPLETED", restore.get("Status").stringValue(), restore.toString());
        assertEquals("backed up", Files.readString(target.resolve("index.html")));
    }

    /** When each catalog backup in the vault's storage was taken. */
    private List<String> catalogBackupTimes(Path data) throws IOException {
        try (Vault vault = Vault.open(new LocalBlobStore(data.resolve("vaults/catalogs")),
                MasterKey.load(dir.resolve("master.key")), Files.createTempDirectory(dir, "cache"))) {
            return vault.snapshots().stream().filter(s -> s.tags().containsKey(CatalogBackups.TAKEN_AT))
                    .map(s -> s.tags().get(CatalogBackups.TAKEN_AT)).toList();
        }
    }

    /** The catalog backups in the vault's storage, read with the master key alone. */
    private List<String> catalogBackups(Path data) throws IOException {
        try (Vault vault = Vault.open(new LocalBlobStore(data.resolve("vaults/catalogs")),
                MasterKey.load(dir.resolve("master.key")), Files.createTempDirectory(dir, "cache"))) {
            return vault.snapshots().stream().filter(s -> s.tags().containsKey(CatalogBackups.TAKEN_AT))
                    .map(s -> s.id()).toList();
        }
    }
}
