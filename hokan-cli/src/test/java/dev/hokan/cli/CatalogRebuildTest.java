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
import dev.hokan.engine.iam.KeyPair;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code hokan catalog rebuild}: a real server's catalogs are deleted; rebuilt from its vaults alone, into SQLite and
 * into PostgreSQL, they give a server the same vaults, recovery points (ARNs, lifecycle, tags), resources and lock,
 * and the points restore byte for byte.
 */
class CatalogRebuildTest {
    private static final String ACCESS_KEY = "AKHKCLITESTREBUILD01";
    private static final String SECRET = "cli-rebuild-secret";
    private static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";

    @TempDir
    Path dir;

    private ServerConfig config(Path dataDir, Path vaults, CatalogLocation catalog) {
        return CatalogServers.config(dir, dataDir, vaults, catalog, new KeyPair(ACCESS_KEY, SECRET),
                CatalogBackupPolicy.NONE);
    }

    private static HokanClient operator(HokanServer server) {
        return new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
    }

    private static String encoded(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    @Test
    void vaultsPointsAndResourcesComeBackFromTheVaultsAlone() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("index.html"), "first state");
        Map<String, String> before;
        String resourceArn;
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED))) {
            HokanClient operator = operator(server);
            operator.call("PUT", "/backup-vaults/kept", "{\"BackupVaultTags\":{\"owner\":\"ops\"}}");
            operator.call("PUT", "/backup-vaults/kept/vault-lock", "{\"MinRetentionDays\":7,\"MaxRetentionDays\":400}");
            operator.call("PUT", "/backup-vaults/kept/access-policy", "{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\","
                    + "\\\"Statement\\\":[{\\\"Effect\\\":\\\"Deny\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":"
                    + "\\\"backup:DeleteBackupVault\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}");
            resourceArn = operator.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\",\"Tags\":{\"tier\":\"front\"}}")
                    .get("ResourceArn").stringValue();
            String first = backup(operator, resourceArn, "{\"DeleteAfterDays\":90}", "{\"team\":\"web\"}");
            Files.writeString(source.resolve("index.html"), "second state");
            String second = backup(operator, resourceArn, "{\"DeleteAfterDays\":30}", "{}");
            operator.call("POST", "/backup-vaults/kept/recovery-points/" + encoded(first),
                    "{\"Lifecycle\":{\"MoveToColdStorageAfterDays\":10,\"DeleteAfterDays\":120}}");
            operator.call("POST", "/tags/" + encoded(second), "{\"Tags\":{\"checked\":\"yes\"}}");
            before = points(operator);
            assertEquals(2, before.size(), before.toString());
        }
        deleteCatalogs(data);

        VaultCommandTest.Run rebuilt = hokan("catalog", "rebuild", "--storage", data.toString(), "--to", data.toString(),
                "--master-key-file", dir.resolve("master.key").toString());
        assertEquals(0, rebuilt.exit(), rebuilt.toString());
        assertTrue(rebuilt.out().contains("rebuilt 1 vault(s), 2 recovery point(s) (0 from their snapshots alone,"
                + " kept for ever), 1 resource(s)"), rebuilt.out());
        VaultCommandTest.Run again = hokan("catalog", "rebuild", "--storage", data.toString(), "--to", data.toString(),
                "--master-key-file", dir.resolve("master.key").toString());
        assertNotEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("already holds Hokan catalogs"), again.err());

        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED))) {
            HokanClient operator = operator(server);
            assertSameAsBefore(operator, before, resourceArn);
            restoreEach(operator, before.keySet(), "sqlite");
        }

        String url = CatalogBackend.freshDatabase().url();
        VaultCommandTest.Run intoPostgres = hokan("catalog", "rebuild", "--storage", data.toString(), "--to", url,
                "--master-key-file", dir.resolve("master.key").toString());
        assertEquals(0, intoPostgres.exit(), intoPostgres.toString());
        try (HokanServer node = HokanServer.start(config(dir.resolve("node"), data, CatalogLocation.Postgres.parse(url,
                null)))) {
            HokanClient operator = operator(node);
            assertSameAsBefore(operator, before, resourceArn);
            restoreEach(operator, before.keySet(), "postgresql");
        }
    }

    @Test
    void coldMovesAndDeletionsReachTheVaultAndPointsWithoutRecordsComeBackFromTheirSnapshots() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("index.html"), "first state");
        String cold;
        String warm;
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED))) {
            HokanClient operator = operator(server);
            operator.call("PUT", "/backup-vaults/kept", "{}");
            String resourceArn = operator.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
            cold = backup(operator, resourceArn, "{\"MoveToColdStorageAfterDays\":1,\"DeleteAfterDays\":400}",
                    "{\"team\":\"web\"}");
            Files.writeString(source.resolve("index.html"), "second state");
            warm = backup(operator, resourceArn, "{}", "{\"team\":\"api\"}");
            String deleted = backup(operator, resourceArn, "{}", "{}");
            operator.call("DELETE", "/backup-vaults/kept/recovery-points/" + encoded(deleted), null);
            operator.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":" + 2 * 86400 + "}");
            awaitPoints(operator, 2);
            awaitStorageClass(operator, cold, "COLD");
        }
        Path notes = data.resolve("vaults/kept/notes");
        try (Stream<Path> files = Files.list(notes)) {
            assertEquals(3, files.count(), "the vault's record and its two points', not the deleted one's");
        }
        deleteCatalogs(data);
        VaultCommandTest.Run rebuilt = hokan("catalog", "rebuild", "--storage", data.toString(), "--to",
                data.toString(), "--master-key-file", dir.resolve("master.key").toString());
        assertEquals(0, rebuilt.exit(), rebuilt.toString());
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED))) {
            HokanClient operator = operator(server);
            assertEquals(Set.of(cold, warm), points(operator).keySet());
            assertEquals("COLD", describe(operator, cold).get("StorageClass").stringValue());
            restoreEach(operator, Set.of(cold, warm), "cold");
        }

        deleteCatalogs(data);
        try (Stream<Path> files = Files.list(notes)) {
            for (Path note : files.toList()) {
                Files.delete(note);
            }
        }
        VaultCommandTest.Run fromSnapshots = hokan("catalog", "rebuild", "--storage", data.toString(), "--to",
                data.toString(), "--master-key-file", dir.resolve("master.key").toString());
        assertEquals(0, fromSnapshots.exit(), fromSnapshots.toString());
        assertTrue(fromSnapshots.out().contains("2 recovery point(s) (2 from their snapshots alone"), fromSnapshots.out());
        assertTrue(fromSnapshots.out().contains("Vault kept has no record of its settings"), fromSnapshots.out());
        try (HokanServer server = HokanServer.start(config(data, data, CatalogLocation.EMBEDDED))) {
            HokanClient operator = operator(server);
            assertEquals(Set.of(cold, warm), points(operator).keySet());
            assertEquals("COLD", describe(operator, cold).get("StorageClass").stringValue());
            JsonNode tags = operator.call("GET", "/tags/" + encoded(warm) + "/", null);
            assertEquals("api", tags.get("Tags").get("team").stringValue(), tags.toString());
            restoreEach(operator, Set.of(cold, warm), "snapshots");
        }
    }

    private static JsonNode describe(HokanClient operator, String pointArn) throws IOException {
        return operator.call("GET", "/backup-vaults/kept/recovery-points/" + encoded(pointArn), null);
    }

    private static void awaitPoints(HokanClient operator, int count) throws Exception {
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); listed(operator) != count
                && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
        }
        assertEquals(count, listed(operator));
    }

    private static int listed(HokanClient operator) throws IOException {
        return operator.call("GET", "/backup-vaults/kept/recovery-points/", null).get("RecoveryPoints").size();
    }

    private static void awaitStorageClass(HokanClient operator, String pointArn, String storageClass)
            throws Exception {
        for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); !storageClass.equals(
                describe(operator, pointArn).get("StorageClass").stringValue()) && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
        }
        assertEquals(storageClass, describe(operator, pointArn).get("StorageClass").stringValue());
    }

    private String backup(HokanClient operator, String resourceArn, String lifecycle, String tags) throws Exception {
        String jobId = operator.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"kept\",\"ResourceArn\":\""
                + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\",\"Lifecycle\":" + lifecycle
                + ",\"RecoveryPointTags\":" + tags + "}").get("BackupJobId").stringValue();
        JsonNode job = CatalogServers.await(operator, "/backup-jobs/" + jobId, "State");
        assertEquals("COMPLETED", job.get("State").stringValue(), job.toString());
        return job.get("RecoveryPointArn").stringValue();
    }

    /** Each point of the vault by ARN: its description (lifecycle, dates, resource, status) and its tags. */
    private static Map<String, String> points(HokanClient operator) throws IOException {
        Map<String, String> points = new TreeMap<>();
        for (JsonNode p : operator.call("GET", "/backup-vaults/kept/recovery-points/", null).get("RecoveryPoints")) {
            String arn = p.get("RecoveryPointArn").stringValue();
            JsonNode described = operator.call("GET", "/backup-vaults/kept/recovery-points/" + encoded(arn), null);
            String kept = Stream.of("Lifecycle", "CalculatedLifecycle", "CreationDate", "CompletionDate", "ResourceArn",
                    "ResourceType", "ResourceName", "Status", "StorageClass", "BackupSizeInBytes", "CreatedBy")
                    .map(name -> name + "=" + described.get(name)).toList().toString();
            points.put(arn, kept + " tags=" + operator.call("GET", "/tags/" + encoded(arn) + "/", null).get("Tags"));
        }
        return points;
    }

    private static void assertSameAsBefore(HokanClient operator, Map<String, String> before, String resourceArn)
            throws IOException {
        assertEquals(before, points(operator));
        JsonNode vault = operator.call("GET", "/backup-vaults/kept", null);
        assertEquals(7, vault.get("MinRetentionDays").asLong(), vault.toString());
        assertEquals(400, vault.get("MaxRetentionDays").asLong(), vault.toString());
        assertEquals(2, vault.get("NumberOfRecoveryPoints").asLong(), vault.toString());
        JsonNode vaultTags = operator.call("GET", "/tags/" + encoded(vault.get("BackupVaultArn").stringValue()) + "/",
                null);
        assertEquals("ops", vaultTags.get("Tags").get("owner").stringValue(), vaultTags.toString());
        JsonNode policy = operator.call("GET", "/backup-vaults/kept/access-policy", null);
        assertTrue(policy.get("Policy").stringValue().contains("backup:DeleteBackupVault"), policy.toString());
        JsonNode resources = operator.call("GET", "/hokan/v1/resources", null);
        JsonNode resource = null;
        for (JsonNode r : resources.get("Resources")) {
            resource = resourceArn.equals(r.get("ResourceArn").stringValue()) ? r : resource;
        }
        assertEquals("front", resource.get("Tags").get("tier").stringValue(), resources.toString());
    }

    private void restoreEach(HokanClient operator, Set<String> pointArns, String label) throws Exception {
        Set<String> contents = new TreeSet<>();
        int n = 0;
        for (String arn : pointArns) {
            Path target = dir.resolve("restored-" + label + "-" + n++);
            String restoreId = operator.call("PUT", "/restore-jobs", "{\"RecoveryPointArn\":\"" + arn
                    + "\",\"Metadata\":{\"TargetPath\":\"" + target + "\"}}").get("RestoreJobId").stringValue();
            JsonNode restore = CatalogServers.await(operator, "/restore-jobs/" + restoreId, "Status");
            assertEquals("COMPLETED", restore.get("Status").stringValue(), restore.toString());
            contents.add(Files.readString(target.resolve("index.html")));
        }
        assertEquals(Set.of("first state", "second state"), contents);
    }

    static void deleteCatalogs(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("catalog.db") || name.startsWith("directory.db")) {
                    Files.delete(f);
                }
            }
        }
    }
}
