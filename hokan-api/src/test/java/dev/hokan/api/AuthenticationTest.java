package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupException;

/** Every request, the extension API included, must carry a valid SigV4 signature for service backup. */
class AuthenticationTest extends ServerTestBase {
    private static void assertRefused(HttpResponse<String> r, String type, String message) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(r.body()).contains("\"message\"").contains(message);
    }

    @Test
    void unsignedRequestsAreRefusedEverywhere() {
        assertRefused(hokan.unsigned("GET", "/backup-vaults/", null), "MissingAuthenticationTokenException",
                "Missing Authentication Token");
        assertRefused(hokan.unsigned("GET", "/hokan/v1/clock", null), "MissingAuthenticationTokenException",
                "Missing Authentication Token");
        assertRefused(hokan.unsigned("POST", "/hokan/v1/resources", "{}"), "MissingAuthenticationTokenException",
                "Missing Authentication Token");
    }

    @Test
    void aWrongSecretIsASignatureMismatch() {
        assertRefused(hokan.signed("GET", "/hokan/v1/clock", null, "wrong-secret", Clock.systemUTC()),
                "InvalidSignatureException", "does not match the signature you provided");
        try (BackupClient wrong = TestServer.client(hokan.server.endpoint(), TestServer.ACCESS_KEY, "wrong",
                "us-east-1")) {
            assertThatThrownBy(() -> wrong.listBackupVaults(r -> r.build()))
                    .isInstanceOf(BackupException.class)
                    .satisfies(e -> {
                        BackupException b = (BackupException) e;
                        assertThat(b.statusCode()).isEqualTo(403);
                        assertThat(b.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    void unknownKeysAndForeignScopesAreRefused() {
        try (BackupClient stranger = TestServer.client(hokan.server.endpoint(), "AKIDUNKNOWN", "whatever",
                "us-east-1")) {
            assertThatThrownBy(() -> stranger.listBackupVaults(r -> r.build()))
                    .isInstanceOf(BackupException.class)
                    .satisfies(e -> assertThat(((BackupException) e).awsErrorDetails().errorCode())
                            .isEqualTo("UnrecognizedClientException"));
        }
        try (BackupClient otherRegion = TestServer.client(hokan.server.endpoint(), TestServer.ACCESS_KEY,
                TestServer.SECRET_KEY, "eu-west-1")) {
            assertThatThrownBy(() -> otherRegion.listBackupVaults(r -> r.build()))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("Credential should be scoped to a valid region")
                    .satisfies(e -> assertThat(((BackupException) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void signaturesOlderOrNewerThanFifteenMinutesAreRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC);
        assertRefused(hokan.signed("GET", "/backup-vaults/", null, TestServer.SECRET_KEY, past),
                "InvalidSignatureException", "Signature expired");
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofMinutes(16)), ZoneOffset.UTC);
        assertRefused(hokan.signed("GET", "/backup-vaults/", null, TestServer.SECRET_KEY, future),
                "InvalidSignatureException", "Signature not yet current");
        Clock slightlyOff = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        assertThat(hokan.signed("GET", "/backup-vaults/", null, TestServer.SECRET_KEY, slightlyOff).statusCode())
                .isEqualTo(200);
    }

    @Test
    void malformedAuthorizationHeadersAreIncompleteSignatures() {
        var request = HttpRequest.newBuilder(hokan.server.endpoint().resolve("/backup-vaults/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/backup")
                .header("X-Amz-Date", "20260101T000000Z").GET().build();
        HttpResponse<String> r = hokan.send(request);
        assertRefused(r, "IncompleteSignatureException", "SignedHeaders");
        var basic = HttpRequest.newBuilder(hokan.server.endpoint().resolve("/backup-vaults/"))
                .header("Authorization", "Basic dXNlcjpwYXNz").GET().build();
        assertRefused(hokan.send(basic), "IncompleteSignatureException", "AWS4-HMAC-SHA256");
    }

    @Test
    void theSecretNeverAppearsInResponses() {
        HttpResponse<String> r = hokan.signed("GET", "/hokan/v1/clock", null, "wrong-secret", Clock.systemUTC());
        assertThat(r.body()).doesNotContain(TestServer.SECRET_KEY).doesNotContain("wrong-secret");
        assertThat(hokan.server.rootCredentials().toString()).doesNotContain(TestServer.SECRET_KEY);
    }
}
