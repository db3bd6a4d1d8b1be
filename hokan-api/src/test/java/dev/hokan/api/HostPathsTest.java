package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hokan.catalog.CatalogLocation;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Host paths are the operator's to hand out (issue 11): the attack of a member account, and of a home-account user
 * without the operator's grant, that backed up the data directory and restored the master key and credentials, or
 * restored over another account's directory, is refused at every step; the operator's own flows keep working.
 */
class HostPathsTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOME = "000000000000";

    /** Someone signing requests: a member account's root user, or a user of the home account. */
    record Principal(String accountId, String accessKey, String secret) {
        BackupClient backup() {
            return TestServer.client(hokan.server.endpoint(), accessKey, secret, "us-east-1");
        }

        HttpResponse<String> signed(String method, String path, String body) {
            return hokan.signedAs(accessKey, secret, "us-east-1", method, path, body);
        }

        HttpResponse<String> register(String name, Path path) {
            return signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":\""
                    + name + "\",\"Path\":\"" + path + "\",\"Tags\":{}}");
        }

        String registered(String name, Path path) {
            ok(register(name, path));
            return "arn:aws:hokan:us-east-1:" + accountId + ":directory/" + name;
        }

        DescribeBackupJobResponse backUp(String resourceArn) {
            String job = backup().startBackupJob(r -> r.backupVaultName("Default").resourceArn(resourceArn)
                    .iamRoleArn(TestServer.ROLE)).backupJobId();
            return BackupRestoreTest.awaitBackupOn(backup(), job);
        }

        String pointOf(String resourceArn) {
            DescribeBackupJobResponse job = backUp(resourceArn);
            assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            return job.recoveryPointArn();
        }

        String startRestore(String point, Path target, boolean overwrite) {
            return backup().startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of("TargetPath",
                    target.toString(), "Overwrite", Boolean.toString(overwrite)))).restoreJobId();
        }

        /** The message of the AccessDeniedException that refuses the restore. */
        String restoreRefused(String point, Path target, boolean overwrite) {
            return deniedMessage(catchThrowableOfType(BackupException.class,
                    () -> startRestore(point, target, overwrite)));
        }
    }

    private static Principal tenant;
    private static Principal intern;
    private static Path dataDir;

    @BeforeAll
    static void principals() throws IOException {
        dataDir = hokan.dataDir.toRealPath();
        JsonNode account = ok(hokan.signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"tenant\"}"));
        tenant = new Principal(account.get("AccountId").stringValue(), account.get("AccessKeyId").stringValue(),
                account.get("SecretAccessKey").stringValue());
        Credentials key = hokan.homeUser("intern", "backup:*", "hokan:RegisterResource", "hokan:ListResources");
        intern = new Principal(HOME, key.accessKeyId(), key.secretAccessKey());
    }

    @Test
    void noAccountRegistersTheServersFilesTheKernelsOrWhatContainsThem() {
        for (Principal attacker : List.of(tenant, intern)) {
            assertDenied(attacker.register("data", dataDir), "Path " + dataDir
                    + " is the deployment's data directory, which no account may back up");
            assertDenied(attacker.register("around-data", dataDir.getParent()), "contains the deployment's data"
                    + " directory, which no account may back up; choose a directory that does not contain it");
            assertDenied(attacker.register("root", Path.of("/")), "Path / contains the deployment's data directory");
            assertDenied(attacker.register("proc", Path.of("/proc")), "Path /proc is the kernel's /proc file"
                    + " system, which no account may back up");
            assertDenied(attacker.register("dev", Path.of("/dev")), "Path /dev is the kernel's /dev file system");
        }
        assertDenied(tenant.register("etc", Path.of("/etc")), "Path /etc is not under a source root granted to"
                + " account " + tenant.accountId + ", which has none; the operator grants roots with hokan admin"
                + " grant-host-path");
        assertDenied(tenant.register("ghost", Path.of("/no/such/dir")), "Path /no/such/dir is not under a source"
                + " root granted to account " + tenant.accountId);
        assertThat(ok(tenant.signed("GET", "/hokan/v1/resources", null)).get("Resources")).isEmpty();
    }

    @Test
    void onlyTheOperatorHandsOutHostPaths() {
        String grant = "{\"AccountId\":\"" + tenant.accountId + "\",\"Path\":\"/\",\"Use\":\"BOTH\"}";
        assertDenied(tenant.signed("POST", "/hokan/v1/admin/host-paths", grant), "User: arn:aws:iam::"
                + tenant.accountId + ":root is not authorized to perform: hokan:GrantHostPath on resource: * because"
                + " it acts on the whole deployment, which only the operator (principals of the home account " + HOME
                + ") may");
        assertDenied(tenant.signed("GET", "/hokan/v1/admin/host-paths", null), "hokan:ListHostPaths");
        assertDenied(intern.signed("POST", "/hokan/v1/admin/host-paths", grant), "User: arn:aws:iam::" + HOME
                + ":user/intern is not authorized to perform: hokan:GrantHostPath on resource: *");
        assertThat(ok(hokan.signed("GET", "/hokan/v1/admin/host-paths?AccountId=" + tenant.accountId, null))
                .get("HostPaths").findValuesAsString("Path")).doesNotContain("/");
    }

    @Test
    void noRestoreTargetsTheServersFilesOrLeavesTheRestoreRoots() throws IOException {
        Path area = Files.createDirectories(dir.resolve("tenant-area"));
        hokan.grantHostPath(tenant.accountId, area, "BOTH");
        Path link = Files.createSymbolicLink(area.resolve("into-data"), dataDir);
        String tenantPoint = tenant.pointOf(tenant.registered("tenant-app", Trees.sample(area.resolve("app"), 3)));
        String internPoint = intern.pointOf(intern.registered("intern-app", Trees.sample(dir.resolve("intern"), 4)));

        for (var attempt : Map.of(tenant, tenantPoint, intern, internPoint).entrySet()) {
            Principal attacker = attempt.getKey();
            String point = attempt.getValue();
            assertThat(attacker.restoreRefused(point, dataDir.resolve("loot"), false)).contains(
                    "TargetPath " + dataDir.resolve("loot") + " is inside the deployment's data directory, which no"
                    + " account may restore into");
            assertThat(attacker.restoreRefused(point, dataDir, true)).contains("is the"
                    + " deployment's data directory");
            assertThat(attacker.restoreRefused(point, link.resolve("loot"), false)).contains(
                    "TargetPath " + link.resolve("loot") + " (real path " + dataDir.resolve("loot")
                    + ") is inside the deployment's data directory");
            assertThat(attacker.restoreRefused(point, Path.of("/"), true)).contains(
                    "TargetPath / contains the deployment's data directory");
        }
        assertThat(tenant.restoreRefused(tenantPoint, dir.resolve("elsewhere"), false)).contains(
                "TargetPath " + dir.resolve("elsewhere") + " is not under a restore root granted to account "
                + tenant.accountId + " (").contains(area.toString());
        assertThat(tenant.restoreRefused(tenantPoint, Path.of("/etc"), false))
                .as("refused for the host path, not for being a non-empty directory")
                .contains("TargetPath /etc is not under a restore root granted to account " + tenant.accountId);
        assertThat(dataDir.resolve("loot")).doesNotExist();
    }

    @Test
    void aSymlinkSwappedInAfterRegistrationIsRefusedWhenTheBackupStarts() throws IOException {
        Path area = Files.createDirectories(dir.resolve("swap-area"));
        hokan.grantHostPath(tenant.accountId, area, "SOURCE");
        for (var attack : Map.of("tenant", tenant, "intern", intern).entrySet()) {
            Principal attacker = attack.getValue();
            Path innocent = Files.createDirectories(area.resolve("innocent-" + attack.getKey()));
            String arn = attacker.registered("swapped-" + attack.getKey(), innocent);
            Files.delete(innocent);
            Files.createSymbolicLink(innocent, dataDir);

            DescribeBackupJobResponse job = attacker.backUp(arn);
            assertThat(job.state()).isEqualTo(BackupJobState.FAILED);
            assertThat(job.statusMessage()).isEqualTo("Path " + innocent + " (real path " + dataDir
                    + ") is the deployment's data directory, which no account may back up");
            assertThat(job.recoveryPointArn() == null || attacker.backup().listRecoveryPointsByBackupVault(r -> r
                    .backupVaultName("Default")).recoveryPoints().stream()
                    .noneMatch(p -> p.recoveryPointArn().equals(job.recoveryPointArn()))).isTrue();
        }
    }

    @Test
    void noAccountRestoresIntoAnotherAccountsDirectory() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        hokan.grantHostPath(tenant.accountId, shared, "BOTH");
        Path homeApp = Trees.sample(shared.resolve("home-app"), 5);
        hokan.registerDirectory("home-app", homeApp, "{}");
        String tenantPoint = tenant.pointOf(tenant.registered("tenant-own", Trees.sample(shared.resolve("own"), 6)));

        assertThat(tenant.restoreRefused(tenantPoint, homeApp, true)).contains("TargetPath " + homeApp
                + " is a directory another account registered as a resource; no account may restore"
                + " into another account's resources");
        assertThat(tenant.restoreRefused(tenantPoint, homeApp.resolve("docs"), true))
                .contains("is inside a directory another account registered");
        assertThat(tenant.restoreRefused(tenantPoint, shared, true))
                .contains("TargetPath " + shared + " contains a directory another account registered");
        String homePoint = intern.pointOf("arn:aws:hokan:us-east-1:" + HOME + ":directory/home-app");
        assertThat(intern.restoreRefused(homePoint, shared.resolve("own"), true))
                .contains("TargetPath " + shared.resolve("own") + " is a directory another account registered");
        Trees.assertSameTree(Trees.sample(dir.resolve("home-app-again"), 5), homeApp);
    }

    @Test
    void theOperatorGrantsAMemberAPrefixAndTakesItBack() throws Exception {
        Path granted = Files.createDirectories(dir.resolve("granted"));
        JsonNode grants = ok(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\""
                + tenant.accountId + "\",\"Path\":\"" + granted + "\",\"Use\":\"BOTH\"}")).get("HostPaths");
        assertThat(grants.findValuesAsString("Use")).contains("SOURCE", "RESTORE");
        assertThat(grants.findValuesAsString("GrantedBy")).containsOnly("arn:aws:iam::" + HOME + ":root");

        Path source = Trees.sample(granted.resolve("app"), 7);
        String arn = tenant.registered("granted-app", source);
        String point = tenant.pointOf(arn);
        Path restored = granted.resolve("restored");
        String job = tenant.startRestore(point, restored, false);
        assertThat(BackupRestoreTest.awaitRestoreOn(tenant.backup(), job).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, restored);

        ok(hokan.signed("DELETE", "/hokan/v1/admin/host-paths?AccountId=" + tenant.accountId + "&Path="
                + encode(granted.toString()) + "&Use=BOTH", null));
        DescribeBackupJobResponse refused = tenant.backUp(arn);
        assertThat(refused.state()).isEqualTo(BackupJobState.FAILED);
        assertThat(refused.statusMessage()).startsWith("Path " + source + " is not under a source root granted to"
                + " account " + tenant.accountId);
        assertThat(tenant.restoreRefused(point, granted.resolve("again"), false))
                .contains("is not under a restore root granted to account " + tenant.accountId);
        assertDenied(tenant.register("granted-again", source), "is not under a source root");
        HttpResponse<String> twice = hokan.signed("DELETE", "/hokan/v1/admin/host-paths?AccountId="
                + tenant.accountId + "&Path=" + encode(granted.toString()) + "&Use=SOURCE", null);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("ResourceNotFoundException").contains("has no grant of host path");

        JsonNode events = ok(hokan.signed("GET", "/hokan/v1/events?type=HostPathRevoked", null)).get("Events");
        assertThat(events.findValuesAsString("Actor")).contains("arn:aws:iam::" + HOME + ":root");
        assertThat(events.toString()).contains(granted.toString());
        assertThat(ok(hokan.signed("GET", "/hokan/v1/events?type=HostPathGranted", null)).get("Events").toString())
                .contains(granted.toString());
    }

    @Test
    void aPrefixGrantedThroughASymlinkAdmitsPathsGivenThroughIt() throws IOException {
        Path real = Files.createDirectories(dir.resolve("volume/projects"));
        Path link = Files.createSymbolicLink(dir.resolve("projects"), real);
        JsonNode granted = ok(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\""
                + tenant.accountId + "\",\"Path\":\"" + link + "\",\"Use\":\"SOURCE\"}")).get("HostPaths");
        assertThat(granted.findValuesAsString("Path")).contains(real.toString()).doesNotContain(link.toString());

        Files.createDirectories(real.resolve("site"));
        ok(tenant.register("through-link", link.resolve("site")));
        assertThat(ok(tenant.signed("GET", "/hokan/v1/resources", null)).get("Resources").toString())
                .contains("\"Path\":\"" + real.resolve("site") + "\"");
    }

    @Test
    void aGrantIsRevokedByThePathAsGrantedEvenWhenItResolvesElsewhereNow() throws IOException {
        Path later = dir.resolve("not-yet");
        hokan.grantHostPath(tenant.accountId, later, "RESTORE");
        Files.createSymbolicLink(later, Files.createDirectories(dir.resolve("somewhere")));
        ok(hokan.signed("DELETE", "/hokan/v1/admin/host-paths?AccountId=" + tenant.accountId + "&Path="
                + encode(later.toString()) + "&Use=RESTORE", null));
        assertThat(ok(hokan.signed("GET", "/hokan/v1/admin/host-paths?AccountId=" + tenant.accountId, null))
                .get("HostPaths").findValuesAsString("Path")).doesNotContain(later.toString());
    }

    @Test
    void grantsAreCheckedAndNeverReachTheServersFiles() {
        assertError(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + tenant.accountId
                + "\",\"Path\":\"" + dataDir.resolve("vaults") + "\",\"Use\":\"SOURCE\"}"),
                "InvalidParameterValueException", "is inside the deployment's data directory");
        assertError(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + tenant.accountId
                + "\",\"Path\":\"relative\",\"Use\":\"SOURCE\"}"), "InvalidParameterValueException", "must be absolute");
        assertError(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + tenant.accountId
                + "\",\"Path\":\"/srv\",\"Use\":\"EVERYTHING\"}"), "InvalidParameterValueException",
                "Use must be SOURCE (back up from), RESTORE (restore into) or BOTH, not EVERYTHING");
        assertError(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"999999999999\","
                + "\"Path\":\"/srv\",\"Use\":\"SOURCE\"}"), "ResourceNotFoundException", "Account 999999999999");
        assertError(hokan.signed("POST", "/hokan/v1/admin/host-paths", "{\"Path\":\"/srv\",\"Use\":\"SOURCE\"}"),
                "MissingParameterValueException", "AccountId");
    }

    @Test
    void aDirectoryRegisteredThroughASymlinkIsBackedUpFromItsRealPath() throws IOException {
        Path real = Trees.sample(dir.resolve("real-tree"), 8);
        Path link = Files.createSymbolicLink(dir.resolve("link-to-tree"), real);
        String arn = hokan.registerDirectory("linked", link, "{}");

        JsonNode resources = ok(hokan.signed("GET", "/hokan/v1/resources", null)).get("Resources");
        assertThat(resources.toString()).contains("\"Path\":\"" + real.toRealPath() + "\"");
        String point = BackupRestoreTest.backupNow("Default", arn, null);
        Path restored = dir.resolve("linked-restored");
        assertThat(BackupRestoreTest.awaitRestore(backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", restored.toString()))).restoreJobId()).status())
                .isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(real, restored);
    }

    @Test
    void theServersFilesAreItsOwnersAlone() throws IOException {
        backup.createBackupVault(r -> r.backupVaultName("private"));
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        List<String> own = TestServer.catalogOf(dataDir) instanceof CatalogLocation.Embedded
                ? List.of("catalog.db", "directory.db", "master.key") : List.of("master.key");
        for (String file : own) {
            assertThat(mode(dataDir.resolve(file))).as(file).isEqualTo("rw-------");
        }
        try (Stream<Path> vault = Files.walk(dataDir.resolve("vaults/private"))) {
            List<Path> files = vault.filter(Files::isRegularFile).toList();
            assertThat(files).isNotEmpty();
            for (Path file : files) {
                assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static String deniedMessage(BackupException e) {
        assertThat(e).as("refused").isNotNull();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        return e.awsErrorDetails().errorMessage();
    }

    static void assertDenied(HttpResponse<String> response, String message) {
        assertError(response, "AccessDeniedException", message);
        assertThat(response.statusCode()).isEqualTo(403);
    }

    static void assertError(HttpResponse<String> response, String type, String message) {
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).as(response.body()).hasValue(type);
        assertThat(response.body()).contains(message);
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
