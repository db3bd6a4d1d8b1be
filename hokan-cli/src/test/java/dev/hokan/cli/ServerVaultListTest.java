package dev.hokan.cli;

import static dev.hokan.cli.VaultCommandTest.hokan;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code hokan vault list} on the server's own vaults names each point by the recovery point ID the API uses. */
class ServerVaultListTest {
    private static final String ACCESS_KEY = "AKHKCLITESTLISTTEST1";
    private static final String SECRET = "cli-list-test-secret";
    private static final String ROLE = "arn:aws:iam::000000000000:role/hokan-backup";

    @TempDir
    Path dir;

    @Test
    void listsTheApisRecoveryPointIdOfBackupsAndOfCopies() throws Exception {
        Path data = dir.resolve("data");
        ServerConfig config = new ServerConfig(data, "127.0.0.1", 0, ClockMode.MANUAL, dir.resolve("master.key"),
                new Account(Account.DEFAULT_ACCOUNT, Account.DEFAULT_REGION), Set.of(), List.of(), 1,
                ExpiryWindow.of(ExpiryWindow.AWS_LENGTH),
                Map.of(RootCredentials.ACCESS_KEY_ENV, ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, SECRET));
        try (HokanServer server = HokanServer.start(config)) {
            HokanClient api = new HokanClient(server.endpoint(), new KeyPair(ACCESS_KEY, SECRET), "us-east-1");
            Path source = Files.createDirectories(dir.resolve("source"));
            Files.writeString(source.resolve("index.html"), "hello");
            api.call("PUT", "/backup-vaults/primary", "{}");
            api.call("PUT", "/backup-vaults/offsite", "{}");
            String resourceArn = api.call("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                    + "\"ResourceName\":\"web\",\"Path\":\"" + source + "\"}").get("ResourceArn").stringValue();
            String backupId = api.call("PUT", "/backup-jobs", "{\"BackupVaultName\":\"primary\",\"ResourceArn\":\""
                    + resourceArn + "\",\"IamRoleArn\":\"" + ROLE + "\"}").get("BackupJobId").stringValue();
            JsonNode backup = finished(api, "/backup-jobs/" + backupId, "State");
            String pointArn = backup.get("RecoveryPointArn").stringValue();
            String copyId = api.call("PUT", "/copy-jobs", "{\"RecoveryPointArn\":\"" + pointArn + "\","
                    + "\"SourceBackupVaultName\":\"primary\",\"DestinationBackupVaultArn\":\""
                    + server.engine().account().vaultArn("offsite") + "\",\"IamRoleArn\":\"" + ROLE + "\"}")
                    .get("CopyJobId").stringValue();
            JsonNode copy = finished(api, "/copy-jobs/" + copyId, "CopyJob", "State").get("CopyJob");
            String copyArn = copy.get("DestinationRecoveryPointArn").stringValue();

            assertListed(data.resolve("vaults/primary"), idOf(pointArn));
            assertListed(data.resolve("vaults/offsite"), idOf(copyArn));
        }
    }

    private void assertListed(Path vault, String recoveryPointId) {
        VaultCommandTest.Run list = hokan("vault", "list", "--key-file", dir.resolve("master.key").toString(),
                "--cache-dir", dir.resolve("cache").toString(), vault.toString());
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.outLines().getFirst().contains("API RECOVERY POINT ID"), list.toString());
        assertEquals(2, list.outLines().size(), list.toString());
        assertTrue(list.outLines().get(1).matches("[0-9a-f]{32}  " + recoveryPointId + "  .*COMPLETE.*"),
                list.toString());
    }

    private static String idOf(String recoveryPointArn) {
        return recoveryPointArn.substring(recoveryPointArn.lastIndexOf(':') + 1);
    }

    /** Polls a job until it leaves its waiting and running states. */
    static JsonNode finished(HokanClient api, String path, String... state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        JsonNode job = api.call("GET", path, null);
        while (Set.of("CREATED", "PENDING", "RUNNING").contains(at(job, state)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = api.call("GET", path, null);
        }
        assertEquals("COMPLETED", at(job, state), job.toString());
        return job;
    }

    private static String at(JsonNode node, String... path) {
        for (String name : path) {
            node = node.get(name);
        }
        return node.stringValue();
    }
}
