package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.api.HokanClient;
import dev.hokan.api.HokanServer;
import dev.hokan.api.RootCredentials;
import dev.hokan.api.ServerConfig;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import dev.hokan.engine.Account;
import dev.hokan.engine.CatalogBackupPolicy;
import dev.hokan.engine.CatalogBackups;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.clock.SystemServiceClock;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsException;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.storage.s3.S3Settings;
import dev.hokan.storage.s3.testing.MotoServer;
import dev.hokan.storage.s3.testing.S3Server;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.crypto.TamperedDataException;
import dev.hokan.store.crypto.VaultKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code hokan admin rotate-master-key} on what a real server left: the signing key, the KMS key store and the keys
 * of the vaults under the master key are sealed again under a new key; the server starts with it and restores points
 * made before, from a vault under a KMS key and from one under the master key, and KMS decrypts what it encrypted
 * before; the old key is gone from disk and opens nothing. So on a PostgreSQL catalog, and with the vaults on S3
 * (moto). A rotation killed (SIGKILL) at each of its steps leaves a
 * deployment that works with the key file as it is, and running the command again finishes the rotation.
 */
class RotateMasterKeyTest {
    private static final String ACCESS_KEY = "AKHKCLITESTROTATE001";
    private static final String SECRET = "cli-rotate-secret";
    private static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";
    private static final Account HOME = new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION);
    private static final byte[] SECRET_TEXT = "encrypted before the rotation".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** What a deployment held before its rotation: its points, a KMS ciphertext, the content and the old key. */
    private record Before(String plainPoint, String keyedPoint, byte[] ciphertext, byte[] content, String oldKeyFile) {
        MasterKey oldKey() throws IOException {
            return MasterKey.fromBase64(oldKeyFile.strip().substring(oldKeyFile.indexOf(' ') + 1), "the old key");
        }
    }

    /** Where a test deployment keeps its catalogs and vaults: {@code vaults} null for its data directory. */
    private record Layout(CatalogLocation catalog, VaultLocations vaults) {
        static final Layout EMBEDDED = new Layout(CatalogLocation.EMBEDDED, null);

        VaultLocations vaultsOf(Path home) {
            return vaults != null ? vaults : VaultLocations.of(StorageBackends.standard(S3Settings.fromEnvironment(
                    null, null, Map.of())), home.resolve("data").toString(), null);
        }
    }

    private static ServerConfig server(Path home, Layout layout) {
        return new ServerConfig(home.resolve("data"), "127.0.0.1", 0, ClockMode.MANUAL, home.resolve("master.key"),
                HOME, Set.of(), List.of(), 1, ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, SECRET),
                HomeHostRoots.UNCONFINED, layout.vaultsOf(home), layout.catalog(), DeploymentConfig.DEFAULT_NODE_ID);
    }

    private static HokanClient client(HokanServer server) {
        return new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
    }

    /** A deployment under {@code home} with a vault under a KMS key and one under the master key, a point in each. */
    private Before populate(Path home, Layout layout) throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        byte[] content = new byte[300_000];
        new Random(18).nextBytes(content);
        Files.write(source.resolve("data.bin"), content);
        try (HokanServer server = HokanServer.start(server(home, layout))) {
            KeyService keys = server.engine().keys();
            String keyArn = keys.keyArn(keys.createKey("vault key", null));
            HokanClient api = client(server);
            api.call("PUT", "/backup-vaults/keyed", "{\"EncryptionKeyArn\":\"" + keyArn + "\"}");
            api.call("PUT", "/backup-vaults/plain", "{}");
            String resourceArn = api.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
            String keyedPoint = backUp(api, "keyed", resourceArn);
            String plainPoint = backUp(api, "plain", resourceArn);
            byte[] ciphertext = keys.encrypt(keys.key(KeyReference.parse(keyArn)), SECRET_TEXT, Map.of());
            return new Before(plainPoint, keyedPoint, ciphertext, content,
                    Files.readString(home.resolve("master.key")));
        }
    }

    private static String backUp(HokanClient api, String vault, String resourceArn) throws Exception {
        String jobId = api.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"" + vault + "\",\"ResourceArn\":\""
                + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\"}").get("BackupJobId").stringValue();
        JsonNode job = CatalogServers.await(api, "/backup-jobs/" + jobId, "State");
        assertEquals("COMPLETED", job.get("State").stringValue(), job.toString());
        return job.get("RecoveryPointArn").stringValue();
    }

    /** The server starts with the key file as it is, restores both points byte for byte and decrypts as before. */
    private void serverStillWorks(Path home, Layout layout, Before before, String tag) throws Exception {
        try (HokanServer server = HokanServer.start(server(home, layout))) {
            HokanClient api = client(server);
            for (String point : List.of(before.keyedPoint(), before.plainPoint())) {
                Path target = dir.resolve("restored-" + tag + "-" + point.substring(point.lastIndexOf(':') + 1));
                String restoreId = api.call("PUT", "/restore-jobs", "{\"RecoveryPointArn\":\"" + point
                        + "\",\"Metadata\":{\"TargetPath\":\"" + target + "\"}}").get("RestoreJobId").stringValue();
                JsonNode restore = CatalogServers.await(api, "/restore-jobs/" + restoreId, "Status");
                assertEquals("COMPLETED", restore.get("Status").stringValue(), restore.toString());
                assertArrayEquals(before.content(), Files.readAllBytes(target.resolve("data.bin")));
            }
            assertArrayEquals(SECRET_TEXT, server.engine().keys().decrypt(before.ciphertext(), null, Map.of())
                    .plaintext());
        }
    }

    @Test
    void aRotationMakesTheCatalogBackupDueAtOnceAndTheCatalogComesBackFromIt() throws Exception {
        Path home = dir.resolve("home");
        ServerConfig config = server(home, Layout.EMBEDDED).withCatalogBackup(new CatalogBackupPolicy("catalogs", 30));
        try (HokanServer server = HokanServer.start(config)) {
            HokanClient api = client(server);
            api.call("PUT", "/backup-vaults/catalogs", "{}");
            api.call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":86400}");
            assertEquals(1, catalogBackups(home).size());
        }
        VaultCommandTest.Run rotated = rotate(home);
        assertEquals(0, rotated.exit(), rotated.toString());

        try (HokanServer server = HokanServer.start(config)) {
            client(server).call("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":60}");
            assertEquals(2, catalogBackups(home).size(), "the backup before holds secrets the old key sealed");
        }
        try (Stream<Path> files = Files.walk(home.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().matches("(catalog|directory)\\.db.*")) {
                    Files.delete(f);
                }
            }
        }
        VaultCommandTest.Run restored = hokan("catalog", "restore", "--storage", home.resolve("data").toString(),
                "--from-vault", "catalogs", "--to", home.resolve("data").toString(), "--master-key-file",
                home.resolve("master.key").toString());
        assertEquals(0, restored.exit(), restored.toString());
        try (HokanServer server = HokanServer.start(config)) {
            assertTrue(client(server).call("GET", "/backup-vaults/", null).get("BackupVaultList").toString()
                    .contains("\"BackupVaultName\":\"catalogs\""), "the server opens the restored signing key");
        }
    }

    /** The catalog backups in vault {@code catalogs}, read with the key file as it is. */
    private List<String> catalogBackups(Path home) throws IOException {
        try (Vault vault = Vault.open(new LocalBlobStore(home.resolve("data/vaults/catalogs")),
                MasterKey.load(home.resolve("master.key")), Files.createTempDirectory(dir, "cache"))) {
            return vault.snapshots().stream().filter(s -> s.tags().containsKey(CatalogBackups.TAKEN_AT))
                    .map(s -> s.id()).toList();
        }
    }

    private static VaultCommandTest.Run rotate(Path home, String... more) {
        List<String> args = new ArrayList<>(List.of("admin", "rotate-master-key", "--data-dir",
                home.resolve("data").toString(), "--master-key-file", home.resolve("master.key").toString()));
        args.addAll(List.of(more));
        return hokan(args.toArray(String[]::new));
    }

    @Test
    void theEmbeddedDeploymentIsSealedUnderANewKeyAndTheOldOneOpensNothing() throws Exception {
        Path home = dir.resolve("deployment");
        Before before = populate(home, Layout.EMBEDDED);

        try (HokanServer running = HokanServer.start(server(home, Layout.EMBEDDED))) {
            VaultCommandTest.Run refused = rotate(home);
            assertNotEquals(0, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("stop it before rotating the master key"), refused.toString());
        }
        assertEquals(before.oldKeyFile(), Files.readString(home.resolve("master.key")), "a refusal changes nothing");
        assertFalse(Files.exists(home.resolve("master.key.next")));

        VaultCommandTest.Run rotated = rotate(home);
        assertEquals(0, rotated.exit(), rotated.toString());
        assertTrue(rotated.out().contains("Sealed the notification signing key"), rotated.out());
        assertTrue(rotated.out().contains("sealed 1 KMS key version(s)"), rotated.out());
        assertTrue(rotated.out().contains("vaults/plain/ under"), rotated.out());
        assertFalse(rotated.out().contains("vaults/keyed/ under"), "its KMS key's material seals it: " + rotated.out());

        oldKeyIsGoneAndOpensNothing(home, Layout.EMBEDDED, before);
        serverStillWorks(home, Layout.EMBEDDED, before, "after");
    }

    @Test
    void aDeploymentOnAPostgresqlCatalogIsSealedUnderANewKey() throws Exception {
        Path home = dir.resolve("deployment");
        String url = CatalogBackend.freshDatabase().url();
        Layout catalog = new Layout(CatalogLocation.Postgres.parse(url, null), null);
        Before before = populate(home, catalog);

        VaultCommandTest.Run rotated = rotate(home, "--catalog", url);
        assertEquals(0, rotated.exit(), rotated.toString());
        assertTrue(rotated.out().contains("sealed 1 KMS key version(s)"), rotated.out());

        oldKeyIsGoneAndOpensNothing(home, catalog, before);
        serverStillWorks(home, catalog, before, "after");
    }

    private void oldKeyIsGoneAndOpensNothing(Path home, Layout layout, Before before) throws Exception {
        MasterKey old = before.oldKey();
        oldKeyIsGone(home, before);
        Path plain = home.resolve("data/vaults/plain");
        IOException refused = assertThrows(IOException.class, () -> Vault.open(new LocalBlobStore(plain), old,
                dir.resolve("cache-old")));
        assertTrue(refused.getMessage().contains("belongs to master key"), refused.getMessage());
        try (Catalogs catalogs = Catalogs.open(layout.catalog());
             CellCatalog cell = catalogs.cell(home.resolve("data"), HOME.accountId(), HOME.region())) {
            KeyService withOldKey = new KeyService(new CellContext(cell, new SystemServiceClock(), HOME), old);
            assertThrows(KmsException.class, () -> withOldKey.decrypt(before.ciphertext(), null, Map.of()));
        }

        Path oldHome = Files.createDirectories(dir.resolve("old-key"));
        Files.writeString(oldHome.resolve("master.key"), before.oldKeyFile());
        Files.createSymbolicLink(oldHome.resolve("data"), home.resolve("data"));
        assertThrows(Exception.class, () -> HokanServer.start(server(oldHome, layout)).close(),
                "the signing key does not open with the old key");
        Files.delete(oldHome.resolve("master.key"));
    }

    @Test
    void aRotationKilledAtAnyStepStillWorksAndFinishesWhenRunAgain() throws Exception {
        Path template = dir.resolve("template");
        Before before = populate(template, Layout.EMBEDDED);
        int interrupted = 0;
        for (int lines = 1; lines <= 4; lines++) {
            Path home = dir.resolve("crash-" + lines);
            copyTree(template, home);
            List<String> heard = killAfter(home, lines);
            Path next = home.resolve("master.key.next");
            String successor = Files.exists(next) ? MasterKey.load(next).fingerprint() : null;

            // whatever the rotation had done, the deployment works with the key file as it is
            serverStillWorks(home, Layout.EMBEDDED, before, "crash-" + lines);
            VaultCommandTest.Run again = rotate(home);
            assertEquals(0, again.exit(), heard + "\n" + again);
            assertFalse(Files.exists(next), again.out());
            String fingerprint = MasterKey.load(home.resolve("master.key")).fingerprint();
            assertNotEquals(before.oldKey().fingerprint(), fingerprint);
            if (successor != null) {
                interrupted++;
                assertEquals(successor, fingerprint, "an interrupted rotation ends with the key it began");
                assertTrue(again.out().startsWith("Resuming the rotation to master key " + successor), again.out());
            }
            oldKeyIsGone(home, before);
            serverStillWorks(home, Layout.EMBEDDED, before, "finished-" + lines);
        }
        assertTrue(interrupted > 0, "some kill came before the rotation ended");
    }

    /** No file of the deployment holds the old key, and the vault under the master key does not open with it. */
    private static void oldKeyIsGone(Path home, Before before) throws IOException {
        assertNotEquals(before.oldKeyFile(), Files.readString(home.resolve("master.key")));
        assertFalse(Files.exists(home.resolve("master.key.next")));
        String oldBase64 = before.oldKeyFile().strip().substring(before.oldKeyFile().indexOf(' ') + 1);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(oldBase64), file + " holds the old master key");
            }
        }
        assertThrows(TamperedDataException.class, () -> VaultKeys.unwrap(before.oldKey(),
                Files.readAllBytes(home.resolve("data/vaults/plain/keys/vault"))));
    }

    /** The rotation of the deployment under {@code home} as a JVM of its own, without the test's environment. */
    private static ProcessBuilder rotation(Path home, String... more) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.hokan.cli.Main", "admin",
                "rotate-master-key", "--data-dir", home.resolve("data").toString(), "--master-key-file",
                home.resolve("master.key").toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("HOKAN_") || k.startsWith("AWS_"));
        return builder;
    }

    /** Runs the rotation in a JVM of its own and kills it (SIGKILL) once it has printed {@code lines} lines. */
    private List<String> killAfter(Path home, int lines) throws Exception {
        Path stderr = home.resolve("rotation.err");
        Process process = rotation(home).redirectError(stderr.toFile()).start();
        List<String> heard = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && heard.size() < lines; line = out.readLine()) {
                heard.add(line);
            }
            process.destroyForcibly();
            assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        }
        assertFalse(heard.isEmpty(), Files.readString(stderr));
        return heard;
    }

    @Test
    void vaultsOnS3AreSealedUnderTheNewKey() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here (./run-tests installs it"
                + " with pip where Python 3 is present)");
        try (MotoServer s3 = MotoServer.start(MotoServer.command().orElseThrow())) {
            s3.createBucket("backups");
            String storage = "s3://backups/deployment";
            Map<String, String> credentials = Map.of("HOKAN_S3_ACCESS_KEY_ID", S3Server.ACCESS_KEY_ID,
                    "HOKAN_S3_SECRET_ACCESS_KEY", S3Server.SECRET_ACCESS_KEY);
            Layout layout = new Layout(CatalogLocation.EMBEDDED, VaultLocations.of(StorageBackends.standard(
                    S3Settings.fromEnvironment(s3.endpoint(), null, credentials)), storage, null));
            Path home = dir.resolve("deployment");
            Before before = populate(home, layout);

            ProcessBuilder command = rotation(home, "--storage", storage, "--s3-endpoint", s3.endpoint().toString());
            command.environment().putAll(credentials);
            CliProcess.Result rotated = CliProcess.run(command, Files.createDirectories(dir.resolve("rotation")));
            assertEquals(0, rotated.exit(), rotated.toString());
            assertTrue(rotated.out().contains(storage + "/vaults/plain/ under"), rotated.out());
            byte[] sealedKeys = layout.vaults().providers().open(URI.create(storage + "/vaults/plain/"))
                    .get("keys/vault");
            assertThrows(TamperedDataException.class, () -> VaultKeys.unwrap(before.oldKey(), sealedKeys));
            serverStillWorks(home, layout, before, "s3");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("server.lock")) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
