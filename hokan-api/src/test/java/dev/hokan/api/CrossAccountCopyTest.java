package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.CopyAction;
import software.amazon.awssdk.services.backup.model.CopyJob;
import software.amazon.awssdk.services.backup.model.CopyJobState;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 003 on one deployment: an organisation whose management account is the operator's, a production account and
 * a backup account in their own units, and copies from one to the other. Every rule that can refuse a copy is
 * shown refusing it with a FAILED job that names the rule, and every vault and organisation policy of the seed works
 * pasted verbatim. Then the copy restores in the backup account, which is how seed 003 restores across accounts.
 */
class CrossAccountCopyTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORG = "o-a1b2c3d4e5";
    private static final String ROOT = "r-f6g7h8i9j0example";
    private static final String BACKUP_OU = "ou-def0-awsbbbbb";
    private static final String NESTED_OU = "ou-jkl0-awsddddd";
    private static final String PROD_OU = "ou-def0-awsprod01";

    static Account prod;
    static Account vaults;
    private static String point;
    private static Path source;

    record Account(String id, String accessKey, String secret) {
        BackupClient backup() {
            return TestServer.client(hokan.server.endpoint(), accessKey, secret, "us-east-1");
        }

        HttpResponse<String> signed(String method, String path, String body) {
            return hokan.signedAs(accessKey, secret, "us-east-1", method, path, body);
        }

        String vaultArn(String name) {
            return "arn:aws:backup:us-east-1:" + id + ":backup-vault:" + name;
        }
    }

    @BeforeAll
    static void organisation() throws Exception {
        prod = account("prod");
        vaults = account("vaults");
        ok(hokan.signed("POST", "/hokan/v1/admin/organization", "{\"Id\":\"" + ORG + "\",\"RootId\":\"" + ROOT + "\"}"));
        unit(ROOT, BACKUP_OU);
        unit(BACKUP_OU, NESTED_OU);
        unit(ROOT, PROD_OU);
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + prod.id, "{\"ParentId\":\"" + PROD_OU + "\"}"));

        prod.backup().createBackupVault(r -> r.backupVaultName("prod"));
        vaults.backup().createBackupVault(r -> r.backupVaultName("dr"));
        source = Trees.sample(dir.resolve("orders"), 31);
        hokan.grantHostPath(prod.id, source, "SOURCE");
        ok(prod.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":\"orders\","
                + "\"Path\":\"" + source + "\",\"Tags\":{}}"));
        String job = prod.backup().startBackupJob(r -> r.backupVaultName("prod").iamRoleArn(TestServer.ROLE)
                .resourceArn("arn:aws:hokan:us-east-1:" + prod.id + ":directory/orders")).backupJobId();
        point = BackupRestoreTest.awaitBackupOn(prod.backup(), job).recoveryPointArn();
    }

    @Test
    void everyRuleOfSeed003RefusesWhatItShouldAndNamesItself() {
        Account outsider = account("outsider");
        outsider.backup().createBackupVault(r -> r.backupVaultName("elsewhere"));
        assertRefused(copy(outsider.vaultArn("elsewhere")), "account " + outsider.id
                + " is not a member of the organization");
        String dr = vaults.vaultArn("dr");
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(false);
        assertRefused(copy(dr), "cross-account backup is not enabled for the organization");
        crossAccountBackup(true);
        vaults.backup().createBackupVault(r -> r.backupVaultName("Default"));
        assertRefused(copy(vaults.vaultArn("Default")), "the Default vault cannot receive cross-account copies");
        assertRefused(copy(dr), "may not perform backup:CopyIntoBackupVault on " + dr);

        // The policy the console's "allow account" wizard shows, with the placeholder filled in.
        putVaultPolicy("dr", """
                { "Version": "2012-10-17", "Statement": [ { "Sid": "Allow account to copy into backup vault", \
                "Effect": "Allow", "Action": "backup:CopyIntoBackupVault", "Resource": "*", "Principal": { "AWS": \
                "arn:aws:iam::%s:root" } } ] }""".formatted(prod.id));
        assertCompleted(copy(dr));

        // Only destinations tagged DestinationBackupVault: the seed's SCP, verbatim, on the production unit.
        String tagged = attachScp("OnlyTaggedDestinations", PROD_OU, """
                { "Version":"2012-10-17", "Statement":[ { "Effect":"Deny", "Action":"backup:CopyIntoBackupVault", \
                "Resource":"*", "Condition":{ "Null":{ "aws:ResourceTag/DestinationBackupVault":"true" } } } ] }""");
        assertRefused(copy(dr), "OnlyTaggedDestinations");
        vaults.backup().tagResource(r -> r.resourceArn(dr).tags(Map.of("DestinationBackupVault", "yes")));
        assertCompleted(copy(dr));
        detach(tagged, PROD_OU);

        // Destinations only in two units: the seed's SCP, verbatim.
        String units = attachScp("OnlyBackupUnits", PROD_OU, """
                { "Version":"2012-10-17", "Statement":[ { "Effect":"Deny", "Action":"backup:CopyFromBackupVault", \
                "Resource":"*", "Condition":{ "ForAllValues:StringNotLike":{ "backup:CopyTargetOrgPaths":[ \
                "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/", \
                "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/ou-jkl0-awsddddd/*" ] } } } ] }""");
        assertCompleted(copy(dr));
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id, "{\"ParentId\":\"" + PROD_OU + "\"}"));
        assertRefused(copy(dr), "OnlyBackupUnits");
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + NESTED_OU + "\"}"));
        assertCompleted(copy(dr));
        detach(units, PROD_OU);

    }

    @Test
    void aRecoveryPointInColdStorageIsNotCopiedToAnotherAccount() {
        BackupClient prodBackup = prod.backup();
        vaults.backup().createBackupVault(r -> r.backupVaultName("cold-target"));
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(true);
        String job = prodBackup.startBackupJob(r -> r.backupVaultName("prod").iamRoleArn(TestServer.ROLE)
                .resourceArn("arn:aws:hokan:us-east-1:" + prod.id + ":directory/orders")
                .lifecycle(l -> l.moveToColdStorageAfterDays(1L))).backupJobId();
        String coldPoint = BackupRestoreTest.awaitBackupOn(prodBackup, job).recoveryPointArn();
        hokan.advanceClock(Duration.ofDays(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> prodBackup
                .describeRecoveryPoint(r -> r.backupVaultName("prod").recoveryPointArn(coldPoint))
                .storageClassAsString().equals("COLD"));
        assertRefused(copyOf(coldPoint, vaults.vaultArn("cold-target")),
                "recovery points in cold storage cannot be copied");
    }

    @Test
    void aPlanRuleCopiesItsScheduledBackupsToAnotherAccountAndAnotherRegion() {
        vaults.backup().createBackupVault(r -> r.backupVaultName("nightly-copies"));
        putVaultPolicy("nightly-copies", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"%s"},\
                "Action":"backup:CopyIntoBackupVault","Resource":"*"}]}""".formatted(prod.id));
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(true);
        BackupClient west = TestServer.client(hokan.server.endpoint(), prod.accessKey, prod.secret, "us-west-2");
        String westVault = west.createBackupVault(r -> r.backupVaultName("west-copies")).backupVaultArn();
        assertThat(westVault).isEqualTo("arn:aws:backup:us-west-2:" + prod.id + ":backup-vault:west-copies");

        BackupClient prodBackup = prod.backup();
        String planId = prodBackup.createBackupPlan(r -> r.backupPlan(p -> p.backupPlanName("nightly").rules(rule -> rule
                .ruleName("nightly").targetBackupVaultName("prod").scheduleExpression("cron(0 21 * * ? *)")
                .startWindowMinutes(60L)
                .copyActions(CopyAction.builder().destinationBackupVaultArn(vaults.vaultArn("nightly-copies"))
                                .lifecycle(l -> l.deleteAfterDays(35L)).build(),
                        CopyAction.builder().destinationBackupVaultArn(westVault)
                                .lifecycle(l -> l.deleteAfterDays(7L)).build())))).backupPlanId();
        String selectionId = prodBackup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(b -> b
                .selectionName("orders").iamRoleArn(TestServer.ROLE)
                .resources("arn:aws:hokan:us-east-1:" + prod.id + ":directory/orders"))).selectionId();

        Instant now = hokan.server.engine().clock().now();
        Instant nine = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(21));
        hokan.setClock((nine.isAfter(now) ? nine : nine.plus(Duration.ofDays(1))).plus(Duration.ofMinutes(30)));
        await().atMost(Duration.ofSeconds(120)).until(() -> planCopies(prodBackup, planId).stream()
                .filter(j -> CopyJobTest.FINAL.contains(j.state())).count() == 2);
        planCopies(prodBackup, planId).forEach(CrossAccountCopyTest::assertCompleted);
        var atVaults = vaults.backup().listRecoveryPointsByBackupVault(r -> r.backupVaultName("nightly-copies"))
                .recoveryPoints();
        assertThat(atVaults).singleElement().satisfies(p -> assertThat(p.lifecycle().deleteAfterDays()).isEqualTo(35L));
        var atWest = west.listRecoveryPointsByBackupVault(r -> r.backupVaultName("west-copies")).recoveryPoints();
        assertThat(atWest).singleElement().satisfies(p -> {
            assertThat(p.lifecycle().deleteAfterDays()).isEqualTo(7L);
            assertThat(p.recoveryPointArn()).startsWith("arn:aws:backup:us-west-2:" + prod.id + ":recovery-point:");
        });
        prodBackup.deleteBackupSelection(r -> r.backupPlanId(planId).selectionId(selectionId));
        prodBackup.deleteBackupPlan(r -> r.backupPlanId(planId));
    }

    @Test
    void theSeedsVaultPoliciesGrantWhomTheyName() {
        vaults.backup().createBackupVault(r -> r.backupVaultName("shared"));
        String shared = vaults.vaultArn("shared");
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(true);
        String byAccountAndRole = """
                { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "AWS":[ \
                "arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:role/SomeRole" ] }, \
                "Action":"backup:CopyIntoBackupVault", "Resource":"*" } ] }""";
        putVaultPolicy("shared", byAccountAndRole);
        assertRefused(copy(shared), "may not perform backup:CopyIntoBackupVault");

        String byUnits = """
                { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":"*", \
                "Action":"backup:CopyIntoBackupVault", "Resource":"*", "Condition":{ "ForAnyValue:StringLike":{ \
                "aws:PrincipalOrgPaths":[ "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/", \
                "o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/ou-jkl0-awsddddd/*" ] } } } ] }""";
        putVaultPolicy("shared", byUnits);
        assertRefused(copy(shared), "may not perform backup:CopyIntoBackupVault");
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + prod.id,
                "{\"ParentId\":\"" + NESTED_OU + "\"}"));
        assertCompleted(copy(shared));
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + prod.id, "{\"ParentId\":\"" + PROD_OU + "\"}"));

        String byOrganisation = """
                { "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":"*", \
                "Action":"backup:CopyIntoBackupVault", "Resource":"*", "Condition":{ "StringEquals":{ \
                "aws:PrincipalOrgID":[ "o-a1b2c3d4e5" ] } } } ] }""";
        putVaultPolicy("shared", byOrganisation);
        assertCompleted(copy(shared));
    }

    @Test
    void aCopyActingAsARoleIsJudgedWithTheRolesTagsAsTheyAreNow() {
        vaults.backup().createBackupVault(r -> r.backupVaultName("by-team"));
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(true);
        String role = ok(prod.signed("POST", "/hokan/v1/admin/accounts/" + prod.id + "/roles",
                "{\"RoleName\":\"copier\",\"Tags\":{\"team\":\"dr\"}}")).get("Arn").stringValue();
        String roleTags = "/hokan/v1/admin/principals/" + TestIdentities.encode(role);
        ok(prod.signed("PUT", roleTags + "/policies/copies", JSON.writeValueAsString(Map.of("PolicyDocument",
                TestIdentities.allow("backup:*", "*")))));
        putVaultPolicy("by-team", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",\
                "Action":"backup:CopyIntoBackupVault","Resource":"*",\
                "Condition":{"StringEquals":{"aws:PrincipalTag/team":"dr"}}}]}""");

        assertCompleted(copyOf(point, vaults.vaultArn("by-team"), role));
        ok(prod.signed("POST", roleTags + "/tags", "{\"Tags\":{\"team\":\"web\"}}"));
        assertRefused(copyOf(point, vaults.vaultArn("by-team"), role),
                role + " may not perform backup:CopyIntoBackupVault");
    }

    @Test
    void aCopyInTheBackupAccountRestoresThereByteForByte() throws Exception {
        vaults.backup().createBackupVault(r -> r.backupVaultName("restore-here"));
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(true);
        putVaultPolicy("restore-here", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"%s"},\
                "Action":"backup:CopyIntoBackupVault","Resource":"*"}]}""".formatted(prod.id));
        CopyJob first = copy(vaults.vaultArn("restore-here"));
        assertCompleted(first);
        BackupClient vaultsBackup = vaults.backup();
        var copied = vaultsBackup.describeRecoveryPoint(r -> r.backupVaultName("restore-here")
                .recoveryPointArn(first.destinationRecoveryPointArn()));
        assertThat(copied.sourceBackupVaultArn()).isEqualTo(prod.vaultArn("prod"));
        assertThat(copied.recoveryPointArn()).startsWith("arn:aws:backup:us-east-1:" + vaults.id + ":recovery-point:");

        Path target = dir.resolve("restored-in-vaults-account");
        hokan.grantHostPath(vaults.id, target, "RESTORE");
        String restore = vaultsBackup.startRestoreJob(r -> r.recoveryPointArn(copied.recoveryPointArn())
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        await().atMost(Duration.ofSeconds(60)).until(() -> vaultsBackup
                .describeRestoreJob(r -> r.restoreJobId(restore)).status() == RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, target);

        CopyJob again = copy(vaults.vaultArn("restore-here"));
        assertCompleted(again);
        assertThat(CopyJobTest.transferred(again)).as("a second copy of the same data sends no chunk again")
                .isLessThan(CopyJobTest.transferred(first) / 10);
    }

    /**
     * Seed 003's keys: a copy into a vault under the backup account's own KMS key is re-encrypted with that key, so
     * the production account needs the destination key's grant; a source vault under the production account's key
     * needs that key's policy to let the backup account in.
     */
    @Test
    void aCrossAccountCopyNeedsTheDestinationKeysGrantAndTheSourceKeysPolicy() throws Exception {
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + vaults.id,
                "{\"ParentId\":\"" + BACKUP_OU + "\"}"));
        crossAccountBackup(true);
        String vaultsKey = kms(vaults, "create-key", "--description", "dr copies").get("KeyMetadata").get("Arn")
                .asString();
        vaults.backup().createBackupVault(r -> r.backupVaultName("keyed-dr").encryptionKeyArn(vaultsKey));
        putVaultPolicy("keyed-dr", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"%s"},\
                "Action":"backup:CopyIntoBackupVault","Resource":"*"}]}""".formatted(prod.id));
        String keyedDr = vaults.vaultArn("keyed-dr");
        String prodRoot = "arn:aws:iam::" + prod.id + ":root";
        assertRefused(copy(keyedDr), prodRoot + " may not perform kms:GenerateDataKey on " + vaultsKey);

        String grant = kms(vaults, "create-grant", "--key-id", vaultsKey, "--grantee-principal", prodRoot,
                "--operations", "GenerateDataKey").get("GrantId").asString();
        CopyJob copied = copy(keyedDr);
        assertCompleted(copied);
        BackupClient vaultsBackup = vaults.backup();
        var point = vaultsBackup.describeRecoveryPoint(r -> r.backupVaultName("keyed-dr")
                .recoveryPointArn(copied.destinationRecoveryPointArn()));
        assertThat(point.encryptionKeyArn()).isEqualTo(vaultsKey);
        assertThat(point.encryptionKeyTypeAsString()).isEqualTo("CUSTOMER_MANAGED_KMS_KEY");
        Path target = dir.resolve("restored-under-dr-key");
        hokan.grantHostPath(vaults.id, target, "RESTORE");
        assertThat(restoreIn(vaultsBackup, point.recoveryPointArn(), target)).isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(source, target);
        // the copy is sealed under the destination's key: disabled, the copy cannot be read
        kms(vaults, "disable-key", "--key-id", vaultsKey);
        Path whileDisabled = dir.resolve("restored-while-dr-key-disabled");
        hokan.grantHostPath(vaults.id, whileDisabled, "RESTORE");
        assertThat(restoreIn(vaultsBackup, point.recoveryPointArn(), whileDisabled)).isEqualTo(RestoreJobStatus.FAILED);
        kms(vaults, "enable-key", "--key-id", vaultsKey);
        kms(vaults, "revoke-grant", "--key-id", vaultsKey, "--grant-id", grant);
        assertRefused(copy(keyedDr), "kms:GenerateDataKey");

        // the source side: a point under the production account's own key
        kms(vaults, "create-grant", "--key-id", vaultsKey, "--grantee-principal", prodRoot, "--operations",
                "GenerateDataKey");
        String prodKey = kms(prod, "create-key", "--description", "orders").get("KeyMetadata").get("Arn").asString();
        prod.backup().createBackupVault(r -> r.backupVaultName("prod-keyed").encryptionKeyArn(prodKey));
        String job = prod.backup().startBackupJob(r -> r.backupVaultName("prod-keyed").iamRoleArn(TestServer.ROLE)
                .resourceArn("arn:aws:hokan:us-east-1:" + prod.id + ":directory/orders")).backupJobId();
        String keyedPoint = BackupRestoreTest.awaitBackupOn(prod.backup(), job).recoveryPointArn();
        String prodCopy = prod.backup().startCopyJob(r -> r.recoveryPointArn(keyedPoint)
                .sourceBackupVaultName("prod-keyed").destinationBackupVaultArn(keyedDr).iamRoleArn(TestServer.ROLE))
                .copyJobId();
        assertRefused(CopyJobTest.awaitCopyOn(prod.backup(), prodCopy), "arn:aws:iam::" + vaults.id
                + ":root may not perform kms:Decrypt on " + prodKey);
        kms(prod, "put-key-policy", "--key-id", prodKey, "--policy-name", "default", "--policy", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"%s"},"Action":"kms:*",\
                "Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"%s"},"Action":"kms:Decrypt","Resource":"*"}]}\
                """.formatted(prodRoot, vaults.id));
        String allowed = prod.backup().startCopyJob(r -> r.recoveryPointArn(keyedPoint)
                .sourceBackupVaultName("prod-keyed").destinationBackupVaultArn(keyedDr).iamRoleArn(TestServer.ROLE))
                .copyJobId();
        assertCompleted(CopyJobTest.awaitCopyOn(prod.backup(), allowed));
    }

    private static JsonNode kms(Account account, String... args) throws Exception {
        AwsCliTest.Result result = AwsCliTest.awsServiceAt(hokan.server.endpoint(), account.accessKey(),
                account.secret(), "us-east-1", dir, "kms", args);
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out().isBlank() ? null : result.json();
    }

    private static RestoreJobStatus restoreIn(BackupClient client, String pointArn, Path target) {
        String restore = client.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        await().atMost(Duration.ofSeconds(60)).until(() -> Set.of(RestoreJobStatus.COMPLETED, RestoreJobStatus.FAILED)
                .contains(client.describeRestoreJob(r -> r.restoreJobId(restore)).status()));
        return client.describeRestoreJob(r -> r.restoreJobId(restore)).status();
    }

    private CopyJob copy(String destinationVaultArn) {
        return copyOf(point, destinationVaultArn);
    }

    private static List<CopyJob> planCopies(BackupClient client, String planId) {
        return client.listCopyJobs(r -> { }).copyJobs().stream()
                .filter(j -> j.createdBy() != null && planId.equals(j.createdBy().backupPlanId())).toList();
    }

    private static void assertRefused(CopyJob job, String rule) {
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(CopyJobState.FAILED);
        assertThat(job.statusMessage()).startsWith("Copy refused: ").contains(rule);
    }

    private static void assertCompleted(CopyJob job) {
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(CopyJobState.COMPLETED);
    }

    /** Sets a vault policy of the backup account. */
    void putVaultPolicy(String vault, String policy) {
        vaults.backup().putBackupVaultAccessPolicy(r -> r.backupVaultName(vault).policy(policy));
    }

    /** The management account turns cross-account backup on or off for the organisation. */
    void crossAccountBackup(boolean enabled) {
        backup.updateGlobalSettings(r -> r.globalSettings(Map.of("isCrossAccountBackupEnabled",
                Boolean.toString(enabled))));
    }

    /** The production account copies one of its points and waits for the copy job to end. */
    CopyJob copyOf(String point, String destinationVaultArn) {
        return copyOf(point, destinationVaultArn, TestServer.ROLE);
    }

    /** The same, acting as {@code roleArn}. */
    CopyJob copyOf(String point, String destinationVaultArn, String roleArn) {
        BackupClient prodBackup = prod.backup();
        String id = prodBackup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName("prod")
                .destinationBackupVaultArn(destinationVaultArn).iamRoleArn(roleArn)).copyJobId();
        return CopyJobTest.awaitCopyOn(prodBackup, id);
    }

    private static String attachScp(String name, String target, String content) {
        String id = ok(hokan.signed("POST", "/hokan/v1/admin/organization/policies",
                "{\"Name\":\"" + name + "\",\"Content\":" + quote(content) + "}")).get("Id").stringValue();
        ok(hokan.signed("PUT", "/hokan/v1/admin/organization/policies/" + id + "/targets/" + target, ""));
        return id;
    }

    private static void detach(String policyId, String target) {
        ok(hokan.signed("DELETE", "/hokan/v1/admin/organization/policies/" + policyId + "/targets/" + target, ""));
    }

    private static void unit(String parent, String id) {
        ok(hokan.signed("POST", "/hokan/v1/admin/organization/units", "{\"ParentId\":\"" + parent
                + "\",\"Name\":\"" + id + "\",\"Id\":\"" + id + "\"}"));
    }

    private static Account account(String name) {
        JsonNode created = ok(hokan.signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"" + name + "\"}"));
        return new Account(created.get("AccountId").stringValue(), created.get("AccessKeyId").stringValue(),
                created.get("SecretAccessKey").stringValue());
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

}
