package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hokan.engine.iam.Identities;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One deployment, several accounts and regions: each (account, region) sees only its own vaults; identities,
 * identity policies, vault access policies and service control policies decide every call.
 */
class AccountsAndAccessTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void accountsAndRegionsAreSeparateCells() {
        Account prod = createAccount("prod");
        BackupClient prodBackup = prod.client("us-east-1");
        prodBackup.createBackupVault(r -> r.backupVaultName("prod-only"));
        assertThat(vaultNames(prodBackup)).containsExactly("prod-only");
        assertThat(vaultNames(backup)).doesNotContain("prod-only");
        assertThat(prodBackup.describeBackupVault(r -> r.backupVaultName("prod-only")).backupVaultArn())
                .isEqualTo("arn:aws:backup:us-east-1:" + prod.id + ":backup-vault:prod-only");

        BackupClient west = prod.client("us-west-2");
        assertThat(vaultNames(west)).isEmpty();
        west.createBackupVault(r -> r.backupVaultName("west-only"));
        assertThat(west.describeBackupVault(r -> r.backupVaultName("west-only")).backupVaultArn())
                .isEqualTo("arn:aws:backup:us-west-2:" + prod.id + ":backup-vault:west-only");
        assertThat(vaultNames(prodBackup)).doesNotContain("west-only");

        BackupException unserved = catchThrowableOfType(BackupException.class,
                () -> prod.client("eu-central-1").listBackupVaults());
        assertThat(unserved.statusCode()).isEqualTo(403);
        assertThat(unserved.awsErrorDetails().errorMessage()).contains("eu-central-1");
    }

    @Test
    void aUserMayDoOnlyWhatItsPoliciesAllow() throws Exception {
        String user = created(hokan.signed("POST", "/hokan/v1/admin/accounts/000000000000/users",
                "{\"UserName\":\"auditor\"}")).get("Arn").stringValue();
        assertThat(user).isEqualTo("arn:aws:iam::000000000000:user/auditor");
        JsonNode key = created(hokan.signed("POST", "/hokan/v1/admin/principals/" + encode(user) + "/access-keys", ""));
        BackupClient auditor = TestServer.client(hokan.server.endpoint(), key.get("AccessKeyId").stringValue(),
                key.get("SecretAccessKey").stringValue(), "us-east-1");

        BackupException denied = catchThrowableOfType(BackupException.class, auditor::listBackupVaults);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(denied.awsErrorDetails().errorMessage()).startsWith("User: " + user
                + " is not authorized to perform: backup:ListBackupVaults on resource: *");

        created(hokan.signed("PUT", "/hokan/v1/admin/principals/" + encode(user) + "/policies/read-only", """
                {"PolicyDocument": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\
                \\"Action\\":[\\"backup:List*\\",\\"backup:Describe*\\"],\\"Resource\\":\\"*\\"}]}"}"""));
        assertThat(vaultNames(auditor)).isEqualTo(vaultNames(backup));
        BackupException create = catchThrowableOfType(BackupException.class,
                () -> auditor.createBackupVault(r -> r.backupVaultName("by-auditor")));
        assertThat(create.awsErrorDetails().errorMessage()).contains("backup:CreateBackupVault")
                .contains("arn:aws:backup:us-east-1:000000000000:backup-vault:by-auditor");
        assertThat(vaultNames(backup)).doesNotContain("by-auditor");

        backup.createBackupVault(r -> r.backupVaultName("audited-vault"));
        String resource = hokan.registerDirectory("audited-dir", Trees.sample(dir.resolve("audited-dir"), 5), "{}");
        String point = BackupRestoreTest.backupNow("audited-vault", resource, Lifecycle.builder().build());
        BackupException delete = catchThrowableOfType(BackupException.class, () -> auditor.deleteRecoveryPoint(r -> r
                .backupVaultName("audited-vault").recoveryPointArn(point)));
        assertThat(delete.awsErrorDetails().errorMessage()).contains("backup:DeleteRecoveryPoint on resource: " + point);
        assertThat(auditor.describeRecoveryPoint(r -> r.backupVaultName("audited-vault").recoveryPointArn(point))
                .statusAsString()).isEqualTo("COMPLETED");

        HttpResponse<String> malformed = hokan.signed("PUT", "/hokan/v1/admin/principals/" + encode(user)
                + "/policies/bad", "{\"PolicyDocument\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Maybe\\\"}]}\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("InvalidParameterValueException").contains("Effect");
    }

    @Test
    void aVaultAccessPolicyDenyingDeletionHoldsEvenForTheRootUser() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("append-only"));
        String resource = hokan.registerDirectory("ledger-a", Trees.sample(dir.resolve("ledger-a"), 3), "{}");
        String point = BackupRestoreTest.backupNow("append-only", resource, Lifecycle.builder().build());
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Principal":"*",\
                "Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}""";
        backup.putBackupVaultAccessPolicy(r -> r.backupVaultName("append-only").policy(policy));
        assertThat(backup.getBackupVaultAccessPolicy(r -> r.backupVaultName("append-only")).policy())
                .isEqualTo(policy);

        BackupException denied = catchThrowableOfType(BackupException.class, () -> backup.deleteRecoveryPoint(r -> r
                .backupVaultName("append-only").recoveryPointArn(point)));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.awsErrorDetails().errorMessage()).contains("backup:DeleteRecoveryPoint")
                .contains("NoDeletes").contains("append-only");
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("append-only").recoveryPointArn(point))
                .status().toString()).isEqualTo("COMPLETED");

        assertThat(catchThrowableOfType(InvalidParameterValueException.class, () -> backup.putBackupVaultAccessPolicy(
                r -> r.backupVaultName("append-only").policy("{\"Statement\":{\"Effect\":\"Allow\"}}"))))
                .isNotNull();
        backup.deleteBackupVaultAccessPolicy(r -> r.backupVaultName("append-only"));
        backup.deleteRecoveryPoint(r -> r.backupVaultName("append-only").recoveryPointArn(point));
    }

    @Test
    void serviceControlPoliciesBoundMemberAccountsButNotTheManagementAccount() {
        Account member = createAccount("member");
        JsonNode org = created(hokan.signed("POST", "/hokan/v1/admin/organization", "{}"));
        String rootId = org.get("RootId").stringValue();
        assertThat(org.get("Id").stringValue()).matches("o-[a-z0-9]{10}");
        String ou = created(hokan.signed("POST", "/hokan/v1/admin/organization/units",
                "{\"ParentId\":\"" + rootId + "\",\"Name\":\"workloads\"}")).get("Id").stringValue();
        created(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + member.id,
                "{\"ParentId\":\"" + ou + "\"}"));
        String scp = created(hokan.signed("POST", "/hokan/v1/admin/organization/policies", """
                {"Name":"KeepVaults","Content":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\
                \\"NoVaultDeletion\\",\\"Effect\\":\\"Deny\\",\\"Action\\":\\"backup:DeleteBackupVault\\",\
                \\"Resource\\":\\"*\\"}]}"}""")).get("Id").stringValue();
        created(hokan.signed("PUT", "/hokan/v1/admin/organization/policies/" + scp + "/targets/" + ou, ""));

        BackupClient memberBackup = member.client("us-east-1");
        memberBackup.createBackupVault(r -> r.backupVaultName("kept"));
        BackupException denied = catchThrowableOfType(BackupException.class,
                () -> memberBackup.deleteBackupVault(r -> r.backupVaultName("kept")));
        assertThat(denied.awsErrorDetails().errorMessage()).contains("NoVaultDeletion").contains("KeepVaults");
        assertThat(vaultNames(memberBackup)).contains("kept");

        backup.createBackupVault(r -> r.backupVaultName("management-scratch"));
        backup.deleteBackupVault(r -> r.backupVaultName("management-scratch"));

        assertThat(memberBackup.describeGlobalSettings(r -> { }).globalSettings())
                .containsEntry("isCrossAccountBackupEnabled", "false");
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> memberBackup.updateGlobalSettings(r -> r
                .globalSettings(java.util.Map.of("isCrossAccountBackupEnabled", "true"))))).isNotNull();
        backup.updateGlobalSettings(r -> r.globalSettings(java.util.Map.of("isCrossAccountBackupEnabled", "true")));
        var settings = memberBackup.describeGlobalSettings(r -> { });
        assertThat(settings.globalSettings()).containsEntry("isCrossAccountBackupEnabled", "true");
        assertThat(settings.lastUpdateTime()).isNotNull();

        Account outsider = createAccount("outsider");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> outsider.client("us-east-1").describeGlobalSettings(r -> { }))).isNotNull();
        HttpResponse<String> notOperator = hokan.signedAs(member.accessKey, member.secret, "us-east-1", "POST",
                "/hokan/v1/admin/accounts", "{\"AccountName\":\"sneaky\"}");
        assertThat(notOperator.statusCode()).isEqualTo(403);
        assertThat(notOperator.body()).contains("AccessDeniedException");
    }

    /**
     * The signature, the caller's policies and tags, and what the operation itself looks up (here on a worker thread,
     * not the network thread) come from one read of the identity catalog per call.
     */
    @Test
    void aCallReadsTheIdentityCatalogOnce() {
        TestIdentities identities = new TestIdentities(hokan);
        TestIdentities.Signer user = identities.createUser(identities.operator(), "counted",
                TestIdentities.allow("*", "*"));
        String tags = "/hokan/v1/admin/principals/" + TestIdentities.encode(user.arn()) + "/tags";
        TestIdentities.ok(identities.operator().signed("PUT", tags, "{\"Tags\":{\"team\":\"ops\"}}"));
        Identities directory = hokan.server.deployment().identities();
        long before = directory.catalogReads();
        for (int i = 0; i < 5; i++) {
            TestIdentities.ok(user.signed("GET", "/backup-vaults/", null));
            assertThat(TestIdentities.ok(user.signed("GET", tags, null)).get("Tags").get("team").stringValue())
                    .isEqualTo("ops");
        }
        assertThat(directory.catalogReads() - before).isEqualTo(10);
    }

    @Test
    void hokanSignsItsOwnRequestsAsItVerifiesThem() throws Exception {
        java.net.URI clock = hokan.server.endpoint().resolve("/hokan/v1/clock?probe=a%3Ab");
        var http = java.net.http.HttpClient.newHttpClient();
        var good = new SigV4Signer(new dev.hokan.engine.iam.KeyPair(TestServer.ACCESS_KEY, TestServer.SECRET_KEY),
                "us-east-1").request("GET", clock, new byte[0], java.time.Instant.now()).build();
        assertThat(http.send(good, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        var wrong = new SigV4Signer(new dev.hokan.engine.iam.KeyPair(TestServer.ACCESS_KEY, "not-the-secret"),
                "us-east-1").request("GET", clock, new byte[0], java.time.Instant.now()).build();
        HttpResponse<String> refused = http.send(wrong, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("signature");
    }

    @Test
    void unknownKeysAreRefused() {
        BackupException e = catchThrowableOfType(BackupException.class, () -> TestServer.client(
                hokan.server.endpoint(), "AKHKNOSUCHKEY0000000", "secret", "us-east-1").listBackupVaults());
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    }

    private record Account(String id, String accessKey, String secret) {
        BackupClient client(String region) {
            return TestServer.client(hokan.server.endpoint(), accessKey, secret, region);
        }
    }

    private static Account createAccount(String name) {
        JsonNode created = created(hokan.signed("POST", "/hokan/v1/admin/accounts",
                "{\"AccountName\":\"" + name + "\"}"));
        return new Account(created.get("AccountId").stringValue(), created.get("AccessKeyId").stringValue(),
                created.get("SecretAccessKey").stringValue());
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String encode(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    private static java.util.List<String> vaultNames(BackupClient client) {
        return client.listBackupVaults(r -> { }).backupVaultList().stream().map(BackupVaultListMember::backupVaultName)
                .toList();
    }
}
