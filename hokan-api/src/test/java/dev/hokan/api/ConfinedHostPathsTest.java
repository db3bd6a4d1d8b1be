package dev.hokan.api;

import static dev.hokan.api.HostPathsTest.assertDenied;
import static dev.hokan.api.HostPathsTest.assertError;
import static dev.hokan.api.HostPathsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.hokan.engine.Account;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.hostpath.HomeHostRoots;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;

/**
 * A server started with {@code --source-roots} and {@code --restore-roots}: the home account is confined to them,
 * plus what the operator grants, and one worker lets a restore wait while its target is swapped for a link. The
 * master key lives outside the data directory.
 */
class ConfinedHostPathsTest {
    private static final String HOME = Account.DEFAULT_ACCOUNT;

    @TempDir
    static Path dir;
    static TestServer hokan;
    static BackupClient backup;
    static Path sources;
    static Path restores;

    @BeforeAll
    static void startServer() throws IOException {
        sources = Files.createDirectories(dir.resolve("sources"));
        restores = Files.createDirectories(dir.resolve("restores"));
        hokan = TestServer.start(new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, ClockMode.MANUAL,
                Files.createDirectories(dir.resolve("keys")).resolve("master.key"), new Account(HOME, Account.DEFAULT_REGION), Set.of(),
                List.of(), 1, ExpiryWindow.of(Duration.ZERO), Map.of(RootCredentials.ACCESS_KEY_ENV,
                TestServer.ACCESS_KEY, RootCredentials.SECRET_KEY_ENV, TestServer.SECRET_KEY),
                HomeHostRoots.confined(List.of(sources), List.of(restores))));
        backup = hokan.backup;
    }

    @AfterAll
    static void stopServer() throws Exception {
        hokan.close();
    }

    @Test
    void theHomeAccountKeepsToItsRoots() throws IOException {
        assertDenied(register("etc", Path.of("/etc")), "Path /etc is not under a source root granted to account "
                + HOME + " (" + sources);
        assertDenied(register("etc", Path.of("/etc")), "; the operator grants roots with hokan admin grant-host-path,"
                + " or starts the server with --source-roots");
        String arn = hokan.registerDirectory("inside", Trees.sample(sources.resolve("inside"), 1), "{}");
        String point = BackupRestoreTest.awaitBackupOn(backup, backup.startBackupJob(r -> r.backupVaultName("Default")
                .resourceArn(arn).iamRoleArn(TestServer.ROLE)).backupJobId()).recoveryPointArn();

        String outside = HostPathsTest.deniedMessage(catchThrowableOfType(BackupException.class, () -> backup
                .startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of("TargetPath",
                        sources.resolve("copy").toString())))));
        assertThat(outside).contains("TargetPath " + sources.resolve("copy") + " is not under a restore"
                + " root granted to account " + HOME + " (" + restores + ")");
        DescribeRestoreJobResponse restored = BackupRestoreTest.awaitRestoreOn(backup, backup.startRestoreJob(r -> r
                .recoveryPointArn(point).metadata(Map.of("TargetPath", restores.resolve("copy").toString())))
                .restoreJobId());
        assertThat(restored.status()).as(restored.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);

        JsonNode home = ok(hokan.signed("GET", "/hokan/v1/admin/host-paths", null)).get("HomeAccount");
        assertThat(home.get("Confined").booleanValue()).isTrue();
        assertThat(home.get("SourceRoots").toString()).isEqualTo("[\"" + sources + "\"]");
        assertThat(home.get("RestoreRoots").toString()).isEqualTo("[\"" + restores + "\"]");
    }

    @Test
    void theMasterKeyIsNeverAHostPathWhereverItIs() {
        Path keys = dir.resolve("keys");
        assertDenied(register("keys", keys), "Path " + keys + " contains the deployment's master key, which no"
                + " account may back up");
        assertDenied(register("key", keys.resolve("master.key")), "is the deployment's master key");
        assertDenied(register("next-key", keys.resolve("master.key.next")),
                "is the deployment's next master key (a rotation's)");
        assertError(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + HOME + "\",\"Path\":\""
                + keys.resolve("master.key") + "\",\"Use\":\"SOURCE\"}"), "InvalidParameterValueException",
                "is the deployment's master key");
    }

    @Test
    void aUserTheOperatorAllowedTheAdminActionsGrantsMore() throws IOException {
        Credentials key = hokan.homeUser("ops", "hokan:GrantHostPath", "hokan:ListHostPaths", "hokan:RevokeHostPath");
        Path more = Files.createDirectories(dir.resolve("more"));
        assertDenied(register("more", more), "is not under a source root");

        ok(hokan.signedAs(key.accessKeyId(), key.secretAccessKey(), "us-east-1",
                "POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + HOME + "\",\"Path\":\"" + more
                        + "\",\"Use\":\"SOURCE\"}"));
        ok(register("more", more));
        JsonNode events = ok(hokan.signed("GET", "/hokan/v1/events?type=HostPathGranted", null)).get("Events");
        assertThat(events.findValuesAsString("Actor")).contains("arn:aws:iam::" + HOME + ":user/ops");
    }

    @Test
    void aRestoreWhoseTargetBecameALinkIntoTheDataDirectoryFailsWhenItStarts() throws IOException {
        String small = hokan.registerDirectory("small", Trees.sample(sources.resolve("small"), 2), "{}");
        String point = BackupRestoreTest.awaitBackupOn(backup, backup.startBackupJob(r -> r.backupVaultName("Default")
                .resourceArn(small).iamRoleArn(TestServer.ROLE)).backupJobId()).recoveryPointArn();
        Path big = Files.createDirectories(sources.resolve("big"));
        try (RandomAccessFile sparse = new RandomAccessFile(big.resolve("sparse.img").toFile(), "rw")) {
            sparse.setLength(16L << 30);
        }
        String busy = hokan.registerDirectory("big", big, "{}");
        String longBackup = backup.startBackupJob(r -> r.backupVaultName("Default").resourceArn(busy)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() ->
                backup.describeBackupJob(r -> r.backupJobId(longBackup)).state() == BackupJobState.RUNNING);

        Path parent = Files.createDirectories(restores.resolve("parent"));
        String restore;
        try {
            restore = backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of("TargetPath",
                    parent.resolve("restored").toString()))).restoreJobId();
            assertThat(backup.describeRestoreJob(r -> r.restoreJobId(restore)).status())
                    .as("the only worker is busy").isEqualTo(RestoreJobStatus.PENDING);
            Files.delete(parent);
            Files.createSymbolicLink(parent, hokan.dataDir.toRealPath());
        } finally {
            backup.stopBackupJob(r -> r.backupJobId(longBackup));
        }
        DescribeRestoreJobResponse failed = BackupRestoreTest.awaitRestoreOn(backup, restore);
        assertThat(failed.status()).isEqualTo(RestoreJobStatus.FAILED);
        assertThat(failed.statusMessage()).isEqualTo("TargetPath " + parent.resolve("restored") + " (real path "
                + hokan.dataDir.toRealPath().resolve("restored") + ") is inside the deployment's data directory, which"
                + " no account may restore into");
        assertThat(hokan.dataDir.resolve("restored")).doesNotExist();
    }

    private static java.net.http.HttpResponse<String> register(String name, Path path) {
        return hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":\""
                + name + "\",\"Path\":\"" + path + "\",\"Tags\":{}}");
    }
}
