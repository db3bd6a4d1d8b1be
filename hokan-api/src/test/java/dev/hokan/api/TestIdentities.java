package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.backup.BackupClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Accounts and IAM users made through a test server's admin API, and requests signed as them. */
final class TestIdentities {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestServer hokan;

    TestIdentities(TestServer hokan) {
        this.hokan = hokan;
    }

    /** The operator: the home account's root user, with the server's root key. */
    Signer operator() {
        return new Signer(hokan, "arn:aws:iam::000000000000:root", TestServer.ACCESS_KEY, TestServer.SECRET_KEY);
    }

    /** A new account, signed for by its root key. */
    Signer createAccount(String name) {
        JsonNode created = ok(operator().signed("POST", "/hokan/v1/admin/accounts", "{\"AccountName\":\"" + name + "\"}"));
        String id = created.get("AccountId").stringValue();
        return new Signer(hokan, "arn:aws:iam::" + id + ":root", created.get("AccessKeyId").stringValue(),
                created.get("SecretAccessKey").stringValue());
    }

    /** A new IAM user of {@code admin}'s account, with an access key and, unless null, one inline policy. */
    Signer createUser(Signer admin, String userName, String policyJson) {
        String user = ok(admin.signed("POST", "/hokan/v1/admin/accounts/" + admin.accountId() + "/users",
                "{\"UserName\":\"" + userName + "\"}")).get("Arn").stringValue();
        if (policyJson != null) {
            ok(admin.signed("PUT", "/hokan/v1/admin/principals/" + encode(user) + "/policies/granted",
                    JSON.writeValueAsString(java.util.Map.of("PolicyDocument", policyJson))));
        }
        JsonNode key = ok(admin.signed("POST", "/hokan/v1/admin/principals/" + encode(user) + "/access-keys", ""));
        return new Signer(hokan, user, key.get("AccessKeyId").stringValue(), key.get("SecretAccessKey").stringValue());
    }

    /** A policy of one statement allowing {@code action} on {@code resource}. */
    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static String encode(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    /** A principal and its access key, on a test server. */
    record Signer(TestServer hokan, String arn, String accessKey, String secret) {
        String accountId() {
            return arn.split(":")[4];
        }

        HttpResponse<String> signed(String method, String pathAndQuery, String body) {
            return hokan.signedAs(accessKey, secret, "us-east-1", method, pathAndQuery, body);
        }

        BackupClient client() {
            return TestServer.client(hokan.server.endpoint(), accessKey, secret, "us-east-1");
        }
    }
}
