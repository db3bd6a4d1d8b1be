package dev.hokan.api;

import static dev.hokan.api.TestIdentities.allow;
import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.hokan.api.TestIdentities.Signer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import tools.jackson.databind.JsonNode;

/**
 * What acts on the whole deployment (the clock, accounts, the organisation, root keys of other accounts) is the
 * operator's alone: no member or outside account may, nor a user of the home account without the grant.
 */
class OperatorActionsTest extends ServerTestBase {
    private static final String OPERATOR = "arn:aws:iam::000000000000:root";
    private static final long TWO_DAYS = Duration.ofDays(2).toSeconds();

    @Test
    void onlyTheOperatorMovesTheClockAndTheClockEventNamesWhoDid() throws Exception {
        TestIdentities ids = new TestIdentities(hokan);
        backup.createBackupVault(r -> r.backupVaultName("kept-a-day"));
        String resource = hokan.registerDirectory("kept-a-day", Trees.sample(dir.resolve("kept-a-day"), 3), "{}");
        String point = BackupRestoreTest.backupNow("kept-a-day", resource,
                Lifecycle.builder().deleteAfterDays(1L).build());
        long before = now();

        Signer outsider = ids.createAccount("outsider");
        Signer helper = ids.createUser(ids.operator(), "clock-helper", allow("backup:*", "*"));
        for (Signer refused : List.of(outsider, helper)) {
            HttpResponse<String> moved = refused.signed("POST", "/hokan/v1/clock",
                    "{\"AdvanceSeconds\":" + TWO_DAYS + "}");
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(403);
            assertThat(moved.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
            assertThat(moved.body()).contains(refused.arn()).contains("hokan:SetClock");
        }
        assertThat(now()).isEqualTo(before);
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("kept-a-day").recoveryPointArn(point))
                .statusAsString()).isEqualTo("COMPLETED");

        Signer keeper = ids.createUser(ids.operator(), "clock-keeper", allow("hokan:SetClock", "*"));
        ok(keeper.signed("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":60}"));
        hokan.advanceClock(Duration.ofSeconds(TWO_DAYS));
        assertThat(events("type=ClockMoved&after=" + before)).extracting(e -> e.path("Actor").asString() + " to "
                + e.path("Details").path("To").asString()).containsExactly(
                keeper.arn() + " to " + (before + 60), OPERATOR + " to " + (before + 60 + TWO_DAYS));
        await().atMost(Duration.ofSeconds(60)).until(() -> events("type=BackupDeleted").stream()
                .anyMatch(e -> point.equals(e.path("ResourceArn").asString())
                        && e.path("Actor").asString().equals("hokan.service")));
    }

    @Test
    void deploymentWideOperationsAreRefusedToMemberAccountsAndToUsersWithoutTheGrant() {
        TestIdentities ids = new TestIdentities(hokan);
        Signer member = ids.createAccount("member");
        JsonNode org = ok(ids.operator().signed("POST", "/hokan/v1/admin/organization", "{}"));
        String rootId = org.get("RootId").stringValue();
        ok(ids.operator().signed("PUT", "/hokan/v1/admin/organization/accounts/" + member.accountId(),
                "{\"ParentId\":\"" + rootId + "\"}"));
        Signer homeUser = ids.createUser(ids.operator(), "not-the-operator",
                allow("*", "arn:aws:backup:us-east-1:000000000000:backup-vault:*"));
        String policyBody = "{\"Name\":\"NoDeletes\",\"Content\":" + quoted(allow("backup:List*", "*")) + "}";

        List<Attempt> deploymentWide = List.of(
                new Attempt("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":60}"),
                new Attempt("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"sneaky\"}"),
                new Attempt("GET", "/hokan/v1/admin/accounts", null),
                new Attempt("POST", "/hokan/v1/admin/accounts/" + member.accountId() + "/root-access-keys", ""),
                new Attempt("POST", "/hokan/v1/admin/accounts/000000000000/root-access-keys", ""),
                new Attempt("POST", "/hokan/v1/admin/organization", "{}"),
                new Attempt("GET", "/hokan/v1/admin/organization", null),
                new Attempt("POST", "/hokan/v1/admin/organization/units",
                        "{\"ParentId\":\"" + rootId + "\",\"Name\":\"mine\"}"),
                new Attempt("PUT", "/hokan/v1/admin/organization/accounts/" + member.accountId(),
                        "{\"ParentId\":\"" + rootId + "\"}"),
                new Attempt("POST", "/hokan/v1/admin/organization/policies", policyBody),
                new Attempt("PUT", "/hokan/v1/admin/organization/policies/p-FullAWSAccess/targets/"
                        + member.accountId(), ""),
                new Attempt("DELETE", "/hokan/v1/admin/organization/policies/p-FullAWSAccess/targets/"
                        + member.accountId(), ""),
                new Attempt("POST", "/hokan/v1/admin/host-paths", "{\"AccountId\":\"" + member.accountId()
                        + "\",\"Path\":\"/srv/granted\",\"Use\":\"BOTH\"}"),
                new Attempt("GET", "/hokan/v1/admin/host-paths", null),
                new Attempt("DELETE", "/hokan/v1/admin/host-paths?AccountId=" + member.accountId()
                        + "&Path=%2Fsrv%2Fgranted&Use=BOTH", ""));
        long before = now();
        for (Signer caller : List.of(member, homeUser)) {
            for (Attempt attempt : deploymentWide) {
                HttpResponse<String> refused = caller.signed(attempt.method(), attempt.path(), attempt.body());
                assertThat(refused.statusCode()).as(caller.arn() + " " + attempt + ": " + refused.body())
                        .isEqualTo(403);
                assertThat(refused.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
            }
        }
        assertThat(now()).isEqualTo(before);
        assertThat(ok(ids.operator().signed("GET", "/hokan/v1/admin/accounts", null)).get("Accounts").toString())
                .doesNotContain("sneaky");
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> member.client().updateGlobalSettings(r -> r
                .globalSettings(Map.of("isCrossAccountBackupEnabled", "true"))))).as("only the management account")
                .isNotNull();
        HttpResponse<String> settings = homeUser.signed("PUT", "/global-settings",
                "{\"GlobalSettings\":{\"isCrossAccountBackupEnabled\":\"true\"}}");
        assertThat(settings.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");

        for (Attempt attempt : deploymentWide) {
            HttpResponse<String> done = ids.operator().signed(attempt.method(), attempt.path(), attempt.body());
            assertThat(done.statusCode()).as(attempt + ": " + done.body()).isIn(200, 400);
            if (done.statusCode() == 400) {
                assertThat(done.body()).as(attempt.toString()).contains("already");
            }
        }
        assertThat(now()).isEqualTo(before + 60);
    }

    private record Attempt(String method, String path, String body) {
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }

    private static List<JsonNode> events(String query) {
        List<JsonNode> out = new ArrayList<>();
        ok(hokan.signed("GET", "/hokan/v1/events?" + query, null)).path("Events").forEach(out::add);
        return out;
    }

    private static long now() {
        return ok(hokan.signed("GET", "/hokan/v1/clock", null)).path("Now").asLong();
    }
}
