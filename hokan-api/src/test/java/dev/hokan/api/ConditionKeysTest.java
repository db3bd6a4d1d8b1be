package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.BackupVaultListMember;
import software.amazon.awssdk.services.backup.model.RecoveryPointSelection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every condition key Hokan sets, through the real API: for each, a policy whose condition matches the call and one
 * whose condition does not, so that the key is shown both deciding and being read right. The first tests are the
 * four holes of issue 21, which an empty condition context let through.
 */
class ConditionKeysTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER = "arn:aws:iam::000000000000:user/conditioned";
    private static final String ALLOW_ALL = "{'Effect':'Allow','Action':'*','Resource':'*'}";
    /** Legal holds here hold nothing, so that the recovery points of other tests stay deletable. */
    private static final RecoveryPointSelection NOTHING = RecoveryPointSelection.builder().vaultNames("no-such-vault")
            .build();

    private static BackupClient user;
    private static String userId;
    private static String userKey;
    private static String userSecret;
    private static String resource;

    @BeforeAll
    static void conditionedUser() throws Exception {
        userId = ok(hokan.signed("POST", "/hokan/v1/admin/accounts/000000000000/users",
                "{\"UserName\":\"conditioned\"}")).get("UserId").stringValue();
        JsonNode key = ok(hokan.signed("POST", "/hokan/v1/admin/principals/" + encode(USER) + "/access-keys", ""));
        userKey = key.get("AccessKeyId").stringValue();
        userSecret = key.get("SecretAccessKey").stringValue();
        user = TestServer.client(hokan.server.endpoint(), userKey, userSecret, "us-east-1");
        Path source = Trees.sample(dir.resolve("conditioned-dir"), 2);
        resource = hokan.registerDirectory("conditioned-dir", source, "{}");
        backup.createBackupVault(r -> r.backupVaultName("plans-target"));
    }

    @Test
    void aDenyOnTheVaultsTagStopsDeletingAProdVault() {
        backup.createBackupVault(r -> r.backupVaultName("tagged-prod").backupVaultTags(Map.of("env", "prod")));
        backup.createBackupVault(r -> r.backupVaultName("tagged-dev").backupVaultTags(Map.of("env", "dev")));
        policy(ALLOW_ALL, """
                {'Sid':'KeepProd','Effect':'Deny','Action':'backup:DeleteBackupVault','Resource':'*',\
                'Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}}""");

        assertThat(denied(() -> user.deleteBackupVault(r -> r.backupVaultName("tagged-prod"))))
                .contains("backup:DeleteBackupVault").contains("KeepProd");
        assertThat(vaultNames()).contains("tagged-prod");
        user.deleteBackupVault(r -> r.backupVaultName("tagged-dev"));
        assertThat(vaultNames()).doesNotContain("tagged-dev");
    }

    @Test
    void aDenyOnTheRecoveryPointsTagStopsDeletingAProdPoint() {
        backup.createBackupVault(r -> r.backupVaultName("points"));
        String prod = backupTagged("points", Map.of("env", "prod"));
        String dev = backupTagged("points", Map.of("env", "dev"));
        policy(ALLOW_ALL, """
                {'Sid':'KeepProdPoints','Effect':'Deny','Action':'backup:DeleteRecoveryPoint','Resource':'*',\
                'Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}}""");

        assertThat(denied(() -> user.deleteRecoveryPoint(r -> r.backupVaultName("points").recoveryPointArn(prod))))
                .contains("KeepProdPoints").contains(prod);
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("points").recoveryPointArn(prod))
                .statusAsString()).isEqualTo("COMPLETED");
        user.deleteRecoveryPoint(r -> r.backupVaultName("points").recoveryPointArn(dev));

        backup.tagResource(r -> r.resourceArn(prod).tags(Map.of("env", "dev")));
        user.deleteRecoveryPoint(r -> r.backupVaultName("points").recoveryPointArn(prod));
    }

    @Test
    void jobsAreAuthorisedOnTheVaultOrRecoveryPointTheirBodyNames() {
        backup.createBackupVault(r -> r.backupVaultName("jobs-prod").backupVaultTags(Map.of("env", "prod")));
        backup.createBackupVault(r -> r.backupVaultName("jobs-dev").backupVaultTags(Map.of("env", "dev")));
        String prodPoint = backupTagged("jobs-dev", Map.of("env", "prod"));
        policy(ALLOW_ALL, """
                {'Sid':'NoJobsOnProd','Effect':'Deny',\
                'Action':['backup:StartBackupJob','backup:StartRestoreJob','backup:StartCopyJob'],'Resource':'*',\
                'Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}}""", """
                {'Sid':'OnlyDevVaults','Effect':'Deny','Action':'backup:StartBackupJob',\
                'NotResource':'arn:aws:backup:us-east-1:000000000000:backup-vault:jobs-*'}""");

        assertThat(denied(() -> user.startBackupJob(r -> r.backupVaultName("jobs-prod").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE)))).contains("NoJobsOnProd").contains(vaultArn("jobs-prod"));
        assertThat(denied(() -> user.startBackupJob(r -> r.backupVaultName("plans-target").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE)))).contains("OnlyDevVaults");
        var devJob = user.startBackupJob(r -> r.backupVaultName("jobs-dev").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        assertThat(BackupRestoreTest.awaitBackup(devJob).state()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(denied(() -> user.startRestoreJob(r -> r.recoveryPointArn(prodPoint)
                .metadata(Map.of("TargetPath", dir.resolve("never-restored").toString())))))
                .contains("NoJobsOnProd").contains(prodPoint);
        assertThat(denied(() -> user.startCopyJob(r -> r.recoveryPointArn(prodPoint).sourceBackupVaultName("jobs-dev")
                .destinationBackupVaultArn(vaultArn("jobs-dev")).iamRoleArn(TestServer.ROLE))))
                .contains("NoJobsOnProd");
    }

    @Test
    void aDenyOnARequestTagStopsCreatingWhatCarriesIt() {
        policy(ALLOW_ALL, """
                {'Sid':'NoProdTags','Effect':'Deny','Action':['backup:Create*','backup:StartBackupJob',\
                'backup:TagResource','hokan:RegisterResource'],'Resource':'*',\
                'Condition':{'StringEquals':{'aws:RequestTag/env':'prod'}}}""");

        assertThat(denied(() -> user.createBackupVault(r -> r.backupVaultName("by-user-prod")
                .backupVaultTags(Map.of("env", "prod"))))).contains("NoProdTags");
        assertThat(vaultNames()).doesNotContain("by-user-prod");
        user.createBackupVault(r -> r.backupVaultName("by-user-dev").backupVaultTags(Map.of("env", "dev")));
        assertThat(denied(() -> user.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-by-user-prod")
                .minRetentionDays(7L).maxRetentionDays(30L).backupVaultTags(Map.of("env", "prod")))))
                .contains("NoProdTags");
        user.createLogicallyAirGappedBackupVault(r -> r.backupVaultName("gap-by-user-dev").minRetentionDays(7L)
                .maxRetentionDays(30L).backupVaultTags(Map.of("env", "dev")));

        denied(() -> user.createBackupPlan(r -> r.backupPlan(plan("prod-plan")).backupPlanTags(Map.of("env", "prod"))));
        user.createBackupPlan(r -> r.backupPlan(plan("dev-plan")).backupPlanTags(Map.of("env", "dev")));
        denied(() -> user.createLegalHold(r -> r.title("prod hold").description("d").tags(Map.of("env", "prod"))));
        user.createLegalHold(r -> r.title("dev hold").description("d").recoveryPointSelection(NOTHING)
                .tags(Map.of("env", "dev")));
        denied(() -> user.startBackupJob(r -> r.backupVaultName("plans-target").resourceArn(resource)
                .iamRoleArn(TestServer.ROLE).recoveryPointTags(Map.of("env", "prod"))));
        denied(() -> user.tagResource(r -> r.resourceArn(vaultArn("by-user-dev")).tags(Map.of("env", "prod"))));
        user.tagResource(r -> r.resourceArn(vaultArn("by-user-dev")).tags(Map.of("owner", "me")));

        HttpResponse<String> register = asUser("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\","
                + "\"ResourceName\":\"prod-dir\",\"Path\":\"" + dir + "\",\"Tags\":{\"env\":\"prod\"}}");
        assertThat(register.statusCode()).isEqualTo(403);
        assertThat(register.body()).contains("AccessDeniedException").contains("hokan:RegisterResource");
    }

    @Test
    void tagKeysAreTheKeysATaggingCallAddsOrRemoves() {
        backup.createBackupVault(r -> r.backupVaultName("keyed").backupVaultTags(Map.of("owner", "ops")));
        policy(ALLOW_ALL, """
                {'Sid':'OwnerStays','Effect':'Deny','Action':['backup:TagResource','backup:UntagResource'],\
                'Resource':'*','Condition':{'ForAnyValue:StringEquals':{'aws:TagKeys':'owner'}}}""");

        denied(() -> user.tagResource(r -> r.resourceArn(vaultArn("keyed")).tags(Map.of("team", "a", "owner", "b"))));
        denied(() -> user.untagResource(r -> r.resourceArn(vaultArn("keyed")).tagKeyList("owner")));
        user.tagResource(r -> r.resourceArn(vaultArn("keyed")).tags(Map.of("team", "a")));
        user.untagResource(r -> r.resourceArn(vaultArn("keyed")).tagKeyList("team"));
        assertThat(backup.listTags(r -> r.resourceArn(vaultArn("keyed"))).tags())
                .containsExactlyEntriesOf(Map.of("owner", "ops"));
    }

    @Test
    void aDenyOnPlainHttpStopsAPlainHttpCall() {
        policy(ALLOW_ALL, """
                {'Sid':'TlsOnly','Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'Bool':{'aws:SecureTransport':'false'}}}""");
        assertThat(denied(user::listBackupVaults)).contains("TlsOnly");

        policy(ALLOW_ALL, """
                {'Effect':'Deny','Action':'*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'true'}}}""");
        assertThat(user.listBackupVaults().backupVaultList()).isNotEmpty();
    }

    @Test
    void anAllowConditionedOnTheVaultsTagAllowsOnThatVaultOnly() {
        backup.createBackupVault(r -> r.backupVaultName("readable").backupVaultTags(Map.of("env", "prod")));
        backup.createBackupVault(r -> r.backupVaultName("unreadable").backupVaultTags(Map.of("env", "dev")));
        policy("""
                {'Effect':'Allow','Action':'backup:DescribeBackupVault','Resource':'*',\
                'Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}}""");

        assertThat(user.describeBackupVault(r -> r.backupVaultName("readable")).backupVaultName())
                .isEqualTo("readable");
        assertThat(denied(() -> user.describeBackupVault(r -> r.backupVaultName("unreadable"))))
                .contains("backup:DescribeBackupVault");
    }

    @Test
    void anIfExistsDenyRefusesOnlyAVaultWithoutTheTagOrWithThatValue() {
        backup.createBackupVault(r -> r.backupVaultName("ifexists-dev").backupVaultTags(Map.of("env", "dev")));
        backup.createBackupVault(r -> r.backupVaultName("ifexists-untagged"));
        policy(ALLOW_ALL, """
                {'Sid':'ProdOrUnknown','Effect':'Deny','Action':'backup:DeleteBackupVault','Resource':'*',\
                'Condition':{'StringEqualsIfExists':{'aws:ResourceTag/env':'prod'}}}""");

        user.deleteBackupVault(r -> r.backupVaultName("ifexists-dev"));
        assertThat(denied(() -> user.deleteBackupVault(r -> r.backupVaultName("ifexists-untagged"))))
                .contains("ProdOrUnknown");
    }

    @Test
    void theSourceIpIsThePeersAddress() {
        policy(ALLOW_ALL, """
                {'Sid':'NotFromHere','Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'IpAddress':{'aws:SourceIp':['127.0.0.0/8','::1/128']}}}""");
        assertThat(denied(user::listBackupVaults)).contains("NotFromHere");

        policy(ALLOW_ALL, """
                {'Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'NotIpAddress':{'aws:SourceIp':['127.0.0.0/8','::1/128']}}}""");
        assertThat(user.listBackupVaults().backupVaultList()).isNotEmpty();
    }

    @Test
    void aCopyArrivingFromAnotherSiteIsJudgedWithItsRequestsKeys() {
        backup.createBackupVault(r -> r.backupVaultName("arriving"));
        String open = """
                {"DestinationBackupVaultArn":"%s","CopyJobId":"c-1","RecoveryPointId":"P-1",\
                "SourceBackupVaultArn":"arn:aws:backup:us-west-1:000000000000:backup-vault:far",\
                "SourceVaultId":"00112233445566778899aabbccddeeff",\
                "SourceRecoveryPointArn":"arn:aws:backup:us-west-1:000000000000:recovery-point:S-1",\
                "ResourceArn":"%s","ResourceType":"Directory","Status":"COMPLETED"}""".formatted(vaultArn("arriving"),
                resource);
        policy(ALLOW_ALL, """
                {'Sid':'OnlyFromTheOtherSite','Effect':'Deny','Action':'backup:CopyIntoBackupVault','Resource':'*',\
                'Condition':{'IpAddress':{'aws:SourceIp':'127.0.0.0/8'}}}""");
        HttpResponse<String> refused = asUser("POST", "/hokan/v1/copy-sessions", open);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("AccessDeniedException").contains("OnlyFromTheOtherSite");

        policy(ALLOW_ALL, """
                {'Effect':'Deny','Action':'backup:CopyIntoBackupVault','Resource':'*',\
                'Condition':{'NotIpAddress':{'aws:SourceIp':'127.0.0.0/8'}}}""");
        HttpResponse<String> opened = asUser("POST", "/hokan/v1/copy-sessions", open);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(opened.body()).contains("CopySessionId");
    }

    @Test
    void theTimeKeysReadTheDeploymentsClock() {
        Instant wall = Instant.now();
        hokan.advanceClock(Duration.ofDays(30));
        String tenDaysOn = wall.plus(Duration.ofDays(10)).toString();
        policy(ALLOW_ALL, """
                {'Sid':'Expired','Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'DateGreaterThan':{'aws:CurrentTime':'%s'}}}""".formatted(tenDaysOn));
        assertThat(denied(user::listBackupVaults)).contains("Expired");
        policy(ALLOW_ALL, """
                {'Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'DateLessThan':{'aws:CurrentTime':'%s'}}}""".formatted(tenDaysOn));
        user.listBackupVaults();

        long tenDaysOnEpoch = wall.plus(Duration.ofDays(10)).getEpochSecond();
        policy(ALLOW_ALL, """
                {'Sid':'ExpiredEpoch','Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'NumericGreaterThan':{'aws:EpochTime':%d}}}""".formatted(tenDaysOnEpoch));
        assertThat(denied(user::listBackupVaults)).contains("ExpiredEpoch");
        policy(ALLOW_ALL, """
                {'Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'DateLessThan':{'aws:EpochTime':%d}}}""".formatted(tenDaysOnEpoch));
        user.listBackupVaults();
    }

    @Test
    void thePrincipalsKeysNameTheUser() {
        assertThat(userId).matches("AIDA[A-Z2-7]{17}");
        for (String condition : List.of("{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::*:user/cond*'}}",
                "{'StringEquals':{'aws:PrincipalAccount':'000000000000'}}",
                "{'StringEquals':{'aws:PrincipalType':'User'}}",
                "{'StringEquals':{'aws:username':'conditioned'}}",
                "{'Bool':{'aws:PrincipalIsAWSService':'false'}}",
                "{'Bool':{'aws:ViaAWSService':'false'}}",
                "{'StringEquals':{'aws:ResourceAccount':'000000000000'}}",
                "{'StringEquals':{'aws:RequestedRegion':'us-east-1'}}",
                "{'StringEquals':{'aws:userid':'" + userId + "'}}")) {
            policy(ALLOW_ALL, "{'Sid':'Who','Effect':'Deny','Action':'*','Resource':'*','Condition':" + condition
                    + "}");
            assertThat(denied(user::listBackupVaults)).as(condition).contains("Who");
        }
        for (String condition : List.of("{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::*:role/*'}}",
                "{'StringNotEquals':{'aws:PrincipalAccount':'000000000000'}}",
                "{'StringEquals':{'aws:PrincipalType':['Account','AssumedRole']}}",
                "{'StringEquals':{'aws:username':'someone-else'}}",
                "{'Bool':{'aws:PrincipalIsAWSService':'true'}}",
                "{'Bool':{'aws:ViaAWSService':'true'}}",
                "{'StringEquals':{'aws:ResourceAccount':'111122223333'}}",
                "{'StringEquals':{'aws:RequestedRegion':'us-west-2'}}",
                "{'StringLike':{'aws:userid':['AROA*','000000000000']}}")) {
            policy(ALLOW_ALL, "{'Effect':'Deny','Action':'*','Resource':'*','Condition':" + condition + "}");
            assertThat(user.listBackupVaults().backupVaultList()).as(condition).isNotEmpty();
        }
        policy(ALLOW_ALL, "{'Sid':'West','Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'StringEquals':{'aws:RequestedRegion':'us-west-2'}}}");
        BackupClient west = TestServer.client(hokan.server.endpoint(), userKey, userSecret, "us-west-2");
        assertThat(denied(west::listBackupVaults)).contains("West");
    }

    @Test
    void theUsersTagsAreItsPrincipalTagsFromTheMomentTheyChange() {
        String tags = "/hokan/v1/admin/principals/" + encode(USER) + "/tags";
        ok(hokan.signed("POST", tags, "{\"Tags\":{\"team\":\"blue\"}}"));
        policy(ALLOW_ALL, """
                {'Sid':'NotBlue','Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}""");
        assertThat(denied(user::listBackupVaults)).contains("NotBlue");
        policy(ALLOW_ALL, """
                {'Sid':'NotRed','Effect':'Deny','Action':'*','Resource':'*',\
                'Condition':{'StringEquals':{'aws:PrincipalTag/team':'red'}}}""");
        user.listBackupVaults();
        ok(hokan.signed("POST", tags, "{\"Tags\":{\"team\":\"red\"}}"));
        assertThat(denied(user::listBackupVaults)).contains("NotRed");

        policy("""
                {'Effect':'Allow','Action':'backup:ListBackupVaults','Resource':'*',\
                'Condition':{'StringEquals':{'aws:PrincipalTag/team':'red'}}}""");
        user.listBackupVaults();
        ok(hokan.signed("DELETE", tags + "?TagKeys=team", null));
        assertThat(denied(user::listBackupVaults)).contains("backup:ListBackupVaults");
    }

    @Test
    void theRootUsersIdIsItsAccountAndItsOrganisationIsKnown() {
        backup.createBackupVault(r -> r.backupVaultName("root-guarded"));
        backup.putBackupVaultAccessPolicy(r -> r.backupVaultName("root-guarded").policy(json("""
                {'Statement':[{'Sid':'NotRoot','Effect':'Deny','Principal':'*','Action':'backup:DescribeBackupVault',\
                'Resource':'*',\
                'Condition':{'StringEquals':{'aws:userid':'000000000000','aws:PrincipalType':'Account'}}}]}""")));
        assertThat(catchThrowableOfType(BackupException.class, () -> backup.describeBackupVault(r -> r
                .backupVaultName("root-guarded"))).awsErrorDetails().errorMessage()).contains("NotRoot");
        backup.putBackupVaultAccessPolicy(r -> r.backupVaultName("root-guarded").policy(json("""
                {'Statement':[{'Effect':'Deny','Principal':'*','Action':'backup:DescribeBackupVault',\
                'Resource':'*','Condition':{'StringEquals':{'aws:userid':'111122223333'}}}]}""")));
        backup.describeBackupVault(r -> r.backupVaultName("root-guarded"));

        String orgId = ok(hokan.signed("POST", "/hokan/v1/admin/organization", "{}")).get("Id").stringValue();
        policy(ALLOW_ALL, "{'Sid':'Org','Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'StringEquals':{'aws:PrincipalOrgID':'" + orgId + "'}}}");
        assertThat(denied(user::listBackupVaults)).contains("Org");
        policy(ALLOW_ALL, "{'Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'StringNotEquals':{'aws:PrincipalOrgID':'" + orgId + "'}}}");
        user.listBackupVaults();
        policy(ALLOW_ALL, "{'Sid':'OrgPath','Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'ForAnyValue:StringLike':{'aws:PrincipalOrgPaths':'" + orgId + "/r-*'}}}");
        assertThat(denied(user::listBackupVaults)).contains("OrgPath");
        policy(ALLOW_ALL, "{'Effect':'Deny','Action':'*','Resource':'*',"
                + "'Condition':{'ForAnyValue:StringLike':{'aws:PrincipalOrgPaths':'o-other/*'}}}");
        user.listBackupVaults();
    }

    @Test
    void aVaultLocksLimitsAreConditionKeysOfItsPut() {
        backup.createBackupVault(r -> r.backupVaultName("lockable"));
        policy(ALLOW_ALL, """
                {'Sid':'AtLeastAWeek','Effect':'Deny','Action':'backup:PutBackupVaultLockConfiguration',\
                'Resource':'*','Condition':{'NumericLessThan':{'backup:MinRetentionDays':7}}}""");

        assertThat(denied(() -> user.putBackupVaultLockConfiguration(r -> r.backupVaultName("lockable")
                .minRetentionDays(1L)))).contains("AtLeastAWeek");
        user.putBackupVaultLockConfiguration(r -> r.backupVaultName("lockable").minRetentionDays(7L));
        user.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("lockable"));

        policy(ALLOW_ALL, """
                {'Sid':'Bounded','Effect':'Deny','Action':'backup:PutBackupVaultLockConfiguration',\
                'Resource':'*','Condition':{'Null':{'backup:MaxRetentionDays':'true'}}}""");
        denied(() -> user.putBackupVaultLockConfiguration(r -> r.backupVaultName("lockable").minRetentionDays(7L)));
        user.putBackupVaultLockConfiguration(r -> r.backupVaultName("lockable").minRetentionDays(7L)
                .maxRetentionDays(30L));
        user.deleteBackupVaultLockConfiguration(r -> r.backupVaultName("lockable"));

        policy(ALLOW_ALL, """
                {'Sid':'ShortGrace','Effect':'Deny','Action':'backup:PutBackupVaultLockConfiguration',\
                'Resource':'*','Condition':{'NumericGreaterThan':{'backup:ChangeableForDays':30}}}""");
        assertThat(denied(() -> user.putBackupVaultLockConfiguration(r -> r.backupVaultName("lockable")
                .minRetentionDays(7L).changeableForDays(31L)))).contains("ShortGrace");
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("lockable")).locked()).isFalse();
    }

    @Test
    void planAndLegalHoldTagsAreTheirResourceTags() {
        String prodPlan = backup.createBackupPlan(r -> r.backupPlan(plan("tagged-prod-plan"))
                .backupPlanTags(Map.of("env", "prod"))).backupPlanId();
        String devPlan = backup.createBackupPlan(r -> r.backupPlan(plan("tagged-dev-plan"))
                .backupPlanTags(Map.of("env", "dev"))).backupPlanId();
        String prodHold = backup.createLegalHold(r -> r.title("prod").description("d").recoveryPointSelection(NOTHING)
                .tags(Map.of("env", "prod"))).legalHoldId();
        String devHold = backup.createLegalHold(r -> r.title("dev").description("d").recoveryPointSelection(NOTHING)
                .tags(Map.of("env", "dev"))).legalHoldId();
        policy(ALLOW_ALL, """
                {'Sid':'ProdStays','Effect':'Deny','Action':['backup:DeleteBackupPlan','backup:GetLegalHold'],\
                'Resource':'*','Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}}""");

        denied(() -> user.deleteBackupPlan(r -> r.backupPlanId(prodPlan)));
        user.deleteBackupPlan(r -> r.backupPlanId(devPlan));
        denied(() -> user.getLegalHold(r -> r.legalHoldId(prodHold)));
        assertThat(user.getLegalHold(r -> r.legalHoldId(devHold)).title()).isEqualTo("dev");
    }

    private static String backupTagged(String vault, Map<String, String> tags) {
        String job = backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resource)
                .iamRoleArn(TestServer.ROLE).recoveryPointTags(tags)).backupJobId();
        var done = BackupRestoreTest.awaitBackup(job);
        assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return done.recoveryPointArn();
    }

    private static BackupPlanInput plan(String name) {
        return BackupPlanInput.builder().backupPlanName(name).rules(BackupRuleInput.builder().ruleName("daily")
                .targetBackupVaultName("plans-target").scheduleExpression("cron(0 3 ? * * *)").build()).build();
    }

    /** Sets the user's one policy to these statements (' for "). */
    private static void policy(String... statements) {
        String document = json("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}");
        ok(hokan.signed("PUT", "/hokan/v1/admin/principals/" + encode(USER) + "/policies/conditions",
                JSON.writeValueAsString(Map.of("PolicyDocument", document))));
    }

    /** The refusal's message, after checking it is one. */
    private static String denied(ThrowingCallable call) {
        BackupException e = catchThrowableOfType(BackupException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        return e.awsErrorDetails().errorMessage();
    }

    private static HttpResponse<String> asUser(String method, String path, String body) {
        return hokan.signedAs(userKey, userSecret, "us-east-1", method, path, body);
    }

    private static List<String> vaultNames() {
        return backup.listBackupVaults(r -> { }).backupVaultList().stream()
                .map(BackupVaultListMember::backupVaultName).toList();
    }

    private static String vaultArn(String name) {
        return "arn:aws:backup:us-east-1:000000000000:backup-vault:" + name;
    }

    private static String json(String quoted) {
        return quoted.replace('\'', '"');
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String encode(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }
}
