package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hokan.api.HokanClient;
import dev.hokan.api.HokanServer;
import dev.hokan.api.RootCredentials;
import dev.hokan.api.ServerConfig;
import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.iam.KeyPair;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hokan vault} on a server's vault sealed under a KMS key, with the server stopped: the key's material comes
 * from the key store in the server's catalog ({@code --catalog}); without it the command says what it needs. A
 * catalog rebuilt from the vaults alone, which has no key store, reports the vault instead of failing on it.
 */
class ServerVaultKeysTest {
    private static final String ACCESS_KEY = "AKHKCLITESTKEYSTEST1";
    private static final String SECRET = "cli-keys-test-secret";
    private static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";

    @TempDir
    Path dir;

    @Test
    void aVaultUnderAKmsKeyIsListedAndRestoredThroughTheCatalogsKeyStore() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("index.html"), "sealed under a customer key");
        ServerConfig config = new ServerConfig(data, "127.0.0.1", 0, ClockMode.MANUAL, dir.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 1,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, SECRET));
        String pointId;
        try (HokanServer server = HokanServer.start(config)) {
            String keyArn = server.engine().keys().keyArn(server.engine().keys().createKey("vault key", null));
            HokanClient api = new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
            api.call("PUT", "/backup-vaults/keyed", "{\"EncryptionKeyArn\":\"" + keyArn + "\"}");
            api.call("PUT", "/backup-vaults/plain", "{}");
            String resourceArn = api.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
            String backupId = api.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"keyed\",\"ResourceArn\":\""
                    + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\"}").get("BackupJobId").stringValue();
            String pointArn = ServerVaultListTest.finished(api, "/backup-jobs/" + backupId, "State").get("RecoveryPointArn").stringValue();
            pointId = pointArn.substring(pointArn.lastIndexOf(':') + 1);
            String plainBackup = api.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"plain\",\"ResourceArn\":\""
                    + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\"}").get("BackupJobId").stringValue();
            ServerVaultListTest.finished(api, "/backup-jobs/" + plainBackup, "State");
        }
        String vault = data.resolve("vaults/keyed").toString();
        String key = dir.resolve("master.key").toString();
        String cache = dir.resolve("cache").toString();

        VaultCommandTest.Run withoutKeys = hokan("vault", "list", "--key-file", key, "--cache-dir", cache, vault);
        assertNotEquals(0, withoutKeys.exit(), withoutKeys.toString());
        assertTrue(withoutKeys.err().contains("--catalog"), withoutKeys.toString());

        VaultCommandTest.Run list = hokan("vault", "list", "--key-file", key, "--cache-dir", cache,
                "--catalog", data.toString(), vault);
        assertEquals(0, list.exit(), list.toString());
        String snapshotId = list.outLines().stream().filter(l -> l.contains(pointId)).findFirst()
                .orElseThrow(() -> new AssertionError(list.toString())).split(" ")[0];

        Path target = dir.resolve("restored");
        VaultCommandTest.Run restore = hokan("vault", "restore", "--key-file", key, "--cache-dir", cache,
                "--catalog", data.toString(), vault, snapshotId, target.toString());
        assertEquals(0, restore.exit(), restore.toString());
        assertEquals("sealed under a customer key", Files.readString(target.resolve("index.html")));

        // a rebuild from the vaults alone has no key store: the keyed vault is reported, the others rebuilt
        CatalogRebuildTest.deleteCatalogs(data);
        VaultCommandTest.Run rebuilt = hokan("catalog", "rebuild", "--storage", data.toString(), "--to",
                data.toString(), "--master-key-file", key);
        assertEquals(0, rebuilt.exit(), rebuilt.toString());
        assertTrue(rebuilt.out().contains("rebuilt 1 vault(s), 1 recovery point(s)"), rebuilt.out());
        assertTrue(rebuilt.out().contains("Not rebuilt: Vault keyed is sealed under KMS key"), rebuilt.out());
    }
}
