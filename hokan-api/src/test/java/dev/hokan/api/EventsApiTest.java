package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every state change, admin changes included, is recorded with its actor and listed by GET /hokan/v1/events. */
class EventsApiTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ROOT = "arn:aws:iam::000000000000:root";

    @Test
    void jobsAndRecoveryPointsLeaveATrailWithTheirActors() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("audited"));
        String arn = hokan.registerDirectory("audited", Trees.sample(dir.resolve("audited"), 3), "{}");
        long before = hokanNow();
        String point = BackupRestoreTest.backupNow("audited", arn, null);
        String restore = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(java.util.Map.of("TargetPath", dir.resolve("audited-restore").toString()))).restoreJobId();
        assertThat(BackupRestoreTest.awaitRestore(restore).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        backup.deleteRecoveryPoint(r -> r.backupVaultName("audited").recoveryPointArn(point));
        await().atMost(Duration.ofSeconds(60)).until(() -> events("type=BackupDeleted").stream()
                .anyMatch(e -> point.equals(e.path("ResourceArn").asString())));

        List<JsonNode> trail = events("after=" + (before - 1)).stream()
                .filter(e -> arn.equals(e.path("ResourceArn").asString()) || point.equals(e.path("ResourceArn").asString()))
                .toList();
        assertThat(trail).extracting(e -> e.path("EventType").asString() + " by " + e.path("Actor").asString())
                .containsExactly(
                        "BackupJobCreated by " + ROOT,
                        "BackupJobStarted by hokan.service",
                        "RecoveryPointCreated by hokan.service",
                        "BackupJobCompleted by hokan.service",
                        "RestoreJobCreated by " + ROOT,
                        "RestoreJobStarted by hokan.service",
                        "RestoreJobCompleted by hokan.service",
                        "RecoveryPointDeleting by " + ROOT,
                        "BackupDeleted by hokan.service");
        JsonNode deleted = trail.getLast();
        assertThat(deleted.path("Details").path("BackupVaultName").asString()).isEqualTo("audited");
        assertThat(deleted.path("Details").path("ResourceArn").asString()).isEqualTo(arn);
    }

    @Test
    void expiryIsRecordedAsTheServicesDoing() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("expiring-events"));
        String arn = hokan.registerDirectory("expiring-events", Trees.sample(dir.resolve("expiring-events"), 4), "{}");
        String point = BackupRestoreTest.backupNow("expiring-events", arn,
                Lifecycle.builder().deleteAfterDays(1L).build());
        hokan.advanceClock(Duration.ofDays(1).plusHours(9));
        await().atMost(Duration.ofSeconds(60)).until(() -> events("type=BackupDeleted").stream()
                .anyMatch(e -> point.equals(e.path("ResourceArn").asString())));
        JsonNode expired = events("type=RecoveryPointExpired").stream()
                .filter(e -> point.equals(e.path("ResourceArn").asString())).findFirst().orElseThrow();
        assertThat(expired.path("Actor").asString()).isEqualTo("hokan.service");
        assertThat(expired.path("Message").asString()).startsWith("Retention ended at");
    }

    @Test
    void listsPageAndFilter() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("paged-events"));
        String arn = hokan.registerDirectory("paged-events", Trees.sample(dir.resolve("paged-events"), 5), "{}");
        long from = hokanNow();
        BackupRestoreTest.backupNow("paged-events", arn, null);
        hokan.advanceClock(Duration.ofMinutes(5));
        long between = hokanNow();
        BackupRestoreTest.backupNow("paged-events", arn, null);

        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = get("/hokan/v1/events?maxResults=2&after=" + (from - 1)
                    + (token == null ? "" : "&nextToken=" + java.net.URLEncoder.encode(token, "UTF-8")));
            assertThat(page.path("Events").size()).isLessThanOrEqualTo(2);
            page.path("Events").forEach(all::add);
            token = page.path("NextToken").isMissingNode() ? null : page.path("NextToken").asString();
        } while (token != null);
        assertThat(all).extracting(e -> e.path("EventId").asString()).doesNotHaveDuplicates()
                .containsExactlyElementsOf(events("after=" + (from - 1)).stream()
                        .map(e -> e.path("EventId").asString()).toList());

        assertThat(events("type=BackupJobCompleted&after=" + (from - 1) + "&before=" + between)).hasSize(1);
        assertThat(events("type=BackupJobCompleted&after=" + (between - 1))).hasSize(1);

        HttpResponse<String> unknown = hokan.signed("GET", "/hokan/v1/events?type=NoSuchThing", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidParameterValueException");
        assertThat(unknown.body()).contains("Unknown event type NoSuchThing").contains("BackupDeleted");
    }

    @Test
    void adminChangesAreEventsWithTheirActorInTheLogOfTheAccountTheyConcern() {
        TestIdentities ids = new TestIdentities(hokan);
        long from = hokanNow() - 1;
        TestIdentities.Signer member = ids.createAccount("audited-account");
        TestIdentities.Signer user = ids.createUser(member, "audited-user", TestIdentities.allow("backup:List*", "*"));
        TestIdentities.ok(member.signed("DELETE", "/hokan/v1/admin/principals/" + TestIdentities.encode(user.arn())
                + "/access-keys/" + user.accessKey(), null));
        String rootId = TestIdentities.ok(hokan.signed("POST", "/hokan/v1/admin/organization", "{}"))
                .get("RootId").stringValue();
        TestIdentities.ok(hokan.signed("PUT", "/hokan/v1/admin/organization/accounts/" + member.accountId(),
                "{\"ParentId\":\"" + rootId + "\"}"));
        String scp = TestIdentities.ok(hokan.signed("POST", "/hokan/v1/admin/organization/policies",
                "{\"Name\":\"Audited\",\"Content\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
                + "\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}")).get("Id").stringValue();
        TestIdentities.ok(hokan.signed("PUT", "/hokan/v1/admin/organization/policies/" + scp + "/targets/"
                + member.accountId(), ""));
        backup.updateGlobalSettings(r -> r.globalSettings(java.util.Map.of("isCrossAccountBackupEnabled", "true")));

        List<String> adminTypes = List.of("AccountCreated", "OrganizationCreated", "AccountPlacedInOrganization",
                "ServiceControlPolicyCreated", "ServiceControlPolicyAttached", "GlobalSettingsUpdated", "UserCreated");
        assertThat(events("after=" + from).stream().filter(e -> adminTypes.contains(e.path("EventType").asString())))
                .extracting(e -> e.path("EventType").asString() + " by " + e.path("Actor").asString())
                .containsExactly(
                        "AccountCreated by " + ROOT,
                        "OrganizationCreated by " + ROOT,
                        "AccountPlacedInOrganization by " + ROOT,
                        "ServiceControlPolicyCreated by " + ROOT,
                        "ServiceControlPolicyAttached by " + ROOT,
                        "GlobalSettingsUpdated by " + ROOT);
        List<JsonNode> memberTrail = new ArrayList<>();
        TestIdentities.ok(member.signed("GET", "/hokan/v1/events?after=" + from, null)).path("Events")
                .forEach(memberTrail::add);
        assertThat(memberTrail).extracting(e -> e.path("EventType").asString() + " of "
                + e.path("ResourceArn").asString() + " by " + e.path("Actor").asString()).containsExactly(
                "AccountCreated of " + member.arn() + " by " + ROOT,
                "UserCreated of " + user.arn() + " by " + member.arn(),
                "IdentityPolicyPut of " + user.arn() + " by " + member.arn(),
                "AccessKeyCreated of " + user.arn() + " by " + member.arn(),
                "AccessKeyDeleted of " + user.arn() + " by " + member.arn(),
                "AccountPlacedInOrganization of " + member.arn() + " by " + ROOT,
                "ServiceControlPolicyAttached of " + member.arn() + " by " + ROOT);
        assertThat(memberTrail.get(4).path("Details").path("AccessKeyId").asString()).isEqualTo(user.accessKey());
        assertThat(memberTrail.get(2).path("Details").path("PolicyName").asString()).isEqualTo("granted");
        assertThat(memberTrail.get(6).path("Details").path("TargetId").asString()).isEqualTo(member.accountId());
    }

    static List<JsonNode> events(String query) {
        List<JsonNode> out = new ArrayList<>();
        get("/hokan/v1/events?" + query).path("Events").forEach(out::add);
        return out;
    }

    static JsonNode get(String pathAndQuery) {
        HttpResponse<String> r = hokan.signed("GET", pathAndQuery, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static long hokanNow() {
        return get("/hokan/v1/clock").path("Now").asLong();
    }
}
