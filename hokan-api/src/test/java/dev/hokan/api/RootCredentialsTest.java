package dev.hokan.api;

import static dev.hokan.api.TestIdentities.allow;
import static dev.hokan.api.TestIdentities.encode;
import static dev.hokan.api.TestIdentities.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hokan.api.TestIdentities.Signer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.BackupException;
import tools.jackson.databind.JsonNode;

/**
 * A root user's credentials are managed by that root user and the operator only, as AWS IAM policies cannot touch
 * them; the operator can issue a new root key for an account whose root lost its keys.
 */
class RootCredentialsTest extends ServerTestBase {
    private static final String OPERATOR = "arn:aws:iam::000000000000:root";

    @Test
    void aUserWithEveryIamPermissionCannotTouchItsRootsKeysWhichTheRootRotatesItself() {
        TestIdentities ids = new TestIdentities(hokan);
        Signer root = ids.createAccount("guarded");
        Signer admin = ids.createUser(root, "iam-admin", allow("iam:*", "*"));
        String keys = "/hokan/v1/admin/principals/" + encode(root.arn()) + "/access-keys";

        List<HttpResponse<String>> attempts = List.of(
                admin.signed("DELETE", keys + "/" + root.accessKey(), null),
                admin.signed("POST", keys, ""),
                admin.signed("GET", "/hokan/v1/admin/principals/" + encode(root.arn()) + "/policies", null),
                admin.signed("POST", "/hokan/v1/admin/accounts/" + root.accountId() + "/root-access-keys", ""));
        for (HttpResponse<String> refused : attempts) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
            assertThat(refused.body()).contains(admin.arn());
        }
        assertThat(attempts.getFirst().body()).contains("managed only by the root user itself or the deployment's"
                + " operator");
        assertThat(root.client().listBackupVaults(r -> { }).sdkHttpResponse().isSuccessful()).isTrue();
        JsonNode rotated = ok(root.signed("POST", keys, ""));
        ok(new Signer(hokan, root.arn(), rotated.get("AccessKeyId").stringValue(),
                rotated.get("SecretAccessKey").stringValue()).signed("DELETE", keys + "/" + root.accessKey(), null));

        Signer homeAdmin = ids.createUser(ids.operator(), "home-iam-admin", allow("iam:*", "*"));
        HttpResponse<String> operatorsKey = homeAdmin.signed("DELETE", "/hokan/v1/admin/principals/"
                + encode(OPERATOR) + "/access-keys/" + TestServer.ACCESS_KEY, null);
        assertThat(operatorsKey.statusCode()).as(operatorsKey.body()).isEqualTo(403);
        assertThat(backup.listBackupVaults(r -> { }).sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void theOperatorIssuesANewRootKeyWhenTheRootLostItsOwn() {
        TestIdentities ids = new TestIdentities(hokan);
        Signer root = ids.createAccount("forgetful");
        ok(root.signed("DELETE", "/hokan/v1/admin/principals/" + encode(root.arn()) + "/access-keys/"
                + root.accessKey(), null));
        BackupException lockedOut = catchThrowableOfType(BackupException.class,
                () -> root.client().listBackupVaults(r -> { }));
        assertThat(lockedOut.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");

        JsonNode issued = ok(ids.operator().signed("POST", "/hokan/v1/admin/accounts/" + root.accountId()
                + "/root-access-keys", ""));
        assertThat(issued.get("PrincipalArn").stringValue()).isEqualTo(root.arn());
        Signer recovered = new Signer(hokan, root.arn(), issued.get("AccessKeyId").stringValue(),
                issued.get("SecretAccessKey").stringValue());
        assertThat(recovered.client().listBackupVaults(r -> { }).sdkHttpResponse().isSuccessful()).isTrue();

        List<String> trail = new ArrayList<>();
        ok(recovered.signed("GET", "/hokan/v1/events?type=AccessKeyDeleted", null)).path("Events").forEach(e ->
                trail.add(e.path("EventType").asString() + " by " + e.path("Actor").asString()));
        ok(recovered.signed("GET", "/hokan/v1/events?type=AccessKeyCreated", null)).path("Events").forEach(e ->
                trail.add(e.path("EventType").asString() + " by " + e.path("Actor").asString() + ": "
                        + e.path("Message").asString()));
        assertThat(trail).containsExactly("AccessKeyDeleted by " + root.arn(), "AccessKeyCreated by " + OPERATOR
                + ": Root access key " + recovered.accessKey() + " issued by the operator");

        HttpResponse<String> unknown = ids.operator().signed("POST", "/hokan/v1/admin/accounts/123456789012"
                + "/root-access-keys", "");
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(unknown.body()).contains("Account 123456789012 does not exist");
    }

    @Test
    void aHomeUserGrantedTheActionIssuesTheOperatorsRootKey() {
        TestIdentities ids = new TestIdentities(hokan);
        Signer deputy = ids.createUser(ids.operator(), "deputy", allow("hokan:CreateRootAccessKey", OPERATOR));
        JsonNode issued = ok(deputy.signed("POST", "/hokan/v1/admin/accounts/000000000000/root-access-keys", ""));
        Signer operator = new Signer(hokan, OPERATOR, issued.get("AccessKeyId").stringValue(),
                issued.get("SecretAccessKey").stringValue());
        assertThat(ok(operator.signed("GET", "/hokan/v1/admin/accounts", null)).get("Accounts")).isNotEmpty();

        Signer member = ids.createAccount("not-for-the-deputy");
        HttpResponse<String> elsewhere = deputy.signed("POST", "/hokan/v1/admin/accounts/" + member.accountId()
                + "/root-access-keys", "");
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
        assertThat(elsewhere.body()).contains("hokan:CreateRootAccessKey").contains(member.arn());
    }
}
