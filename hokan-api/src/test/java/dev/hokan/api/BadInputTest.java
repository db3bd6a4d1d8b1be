package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;

/** Malformed requests get the AWS error type and a message a person can act on; never a 500. */
class BadInputTest extends ServerTestBase {
    private static void assertError(HttpResponse<String> r, int status, String type, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).contains("\"__type\":\"" + type + "\"").contains(message).doesNotContain("at dev.hokan");
    }

    @Test
    void brokenJsonAndWrongTypes() {
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "{not json"), 400, "SerializationException",
                "The request body is not valid JSON: unexpected input at line 1, column 2, near '{not json'");
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "[1,2]"), 400, "InvalidRequestException",
                "must be a JSON object");
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "{\"BackupVaultTags\":\"x\"}"), 400,
                "InvalidRequestException", "BackupVaultTags must be an object of strings");
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "{\"BackupVaultTags\":{\"a\":1}}"), 400,
                "InvalidRequestException", "BackupVaultTags.a must be a string");
        assertError(hokan.signed("PUT", "/backup/plans/", "{\"BackupPlan\":{\"BackupPlanName\":\"p\",\"Rules\":"
                + "[{\"RuleName\":\"r\",\"TargetBackupVaultName\":\"Default\",\"StartWindowMinutes\":\"soon\"}]}}"), 400,
                "InvalidRequestException", "BackupPlan.Rules[0].StartWindowMinutes must be a whole number");
        assertError(hokan.signed("PUT", "/backup/plans/", "{}"), 400, "MissingParameterValueException",
                "BackupPlan");
        assertError(hokan.signed("PUT", "/backup-jobs", "{\"BackupVaultName\":\"Default\"}"), 400,
                "MissingParameterValueException", "ResourceArn");
    }

    @Test
    void malformedJsonIsDescribedInTheCallersTermsNeverTheParsers() {
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "[1, 2, NaN]"), 400, "SerializationException",
                "unexpected input at line 1, column 11, near '[1, 2, NaN]'");
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "{\"BackupVaultTags\":{\"a\":\"x\u0000\"}}"),
                400, "SerializationException", "the control character U+0000 at line 1, column 27 must be escaped in"
                        + " a JSON string (as \\\\u0000)");
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "{}{}"), 400, "SerializationException",
                "more follows the JSON value at line 1, column 3");
        assertError(hokan.signed("PUT", "/backup-vaults/json-vault", "{\"BackupVaultTags\":"), 400,
                "SerializationException", "it ends before the JSON value is complete");
        for (String body : List.of("{\"a\":NaN}", "{\"a\":01}", "{}{}", "{\"a\":\"\u0001\"}", "{\"a\"")) {
            HttpResponse<String> r = hokan.signed("PUT", "/backup-vaults/json-vault", body);
            assertThat(r.body()).as(body).doesNotContainIgnoringCase("feature").doesNotContain("Jackson")
                    .doesNotContain("JsonToken").doesNotContain("REDACTED").doesNotContain("code ");
        }
        assertThat(backup.listBackupVaults(b -> b.build()).backupVaultList())
                .noneMatch(v -> v.backupVaultName().equals("json-vault"));
    }

    @Test
    void tagsWithControlCharactersAreRefused() {
        for (Map<String, String> tags : List.of(Map.of("a\u0000b", "v"), Map.of("line\nbreak", "v"),
                Map.of("k", "tab\there"))) {
            assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName("tagged").backupVaultTags(tags)))
                    .as(tags.toString()).isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("contains the control character \\u00");
        }
        assertThatThrownBy(() -> backup.createBackupVault(r -> r.backupVaultName("tagged")
                .backupVaultTags(Map.of("a\u0000b", "v"))))
                .hasMessageContaining("Tag key 'a\\u0000b' in BackupVaultTags contains the control character \\u0000");
        assertThat(backup.listBackupVaults(b -> b.build()).backupVaultList())
                .noneMatch(v -> v.backupVaultName().equals("tagged"));
    }

    @Test
    void oversizedBodiesAreRefused() {
        String huge = "{\"BackupVaultTags\":{\"a\":\"" + "x".repeat(ApiHandler.MAX_BODY_BYTES) + "\"}}";
        // a refusal sent while the client is still sending must reach it: one in a few dozen did not
        for (int i = 0; i < 40; i++) {
            assertError(hokan.signed("PUT", "/backup-vaults/huge", huge), 400, "InvalidRequestException",
                    "larger than");
        }
    }

    @Test
    void unknownRoutesAndOperationsNotBuiltYet() {
        assertError(hokan.signed("GET", "/no/such/route", null), 404, "UnknownOperationException", "/no/such/route");
        assertError(hokan.signed("GET", "/scan/jobs", null), 400, "InvalidRequestException",
                "Operation ListScanJobs is not supported");
        assertError(hokan.signed("POST", "/backup-vaults/Default/mpaApprovalTeam?delete", null), 400,
                "InvalidRequestException", "DisassociateBackupVaultMpaApprovalTeam");
    }

    @Test
    void badIdentifiersAndQueryValues() {
        backup.createBackupVault(r -> r.backupVaultName("identified"));
        assertError(hokan.signed("GET", "/backup-vaults/identified/recovery-points/not-an-arn", null), 400,
                "InvalidParameterValueException", "not an ARN");
        assertError(hokan.signed("GET", "/backup-vaults/identified/recovery-points/"
                + "arn%3Aaws%3Aec2%3Aus-east-1%3A%3Aimage%2Fami-1", null), 400, "InvalidParameterValueException",
                "not a recovery point ARN");
        assertError(hokan.signed("GET", "/backup-jobs/?state=SLEEPING", null), 400, "InvalidParameterValueException",
                "state must be one of");
        assertError(hokan.signed("GET", "/backup-jobs/?createdAfter=yesterday", null), 400,
                "InvalidParameterValueException", "ISO 8601");
        assertError(hokan.signed("GET", "/backup/plans/?maxResults=abc", null), 400, "InvalidParameterValueException",
                "whole number");
        assertError(hokan.signed("GET", "/backup/plans/no-such-plan/", null), 400, "ResourceNotFoundException",
                "no-such-plan");
        assertError(hokan.signed("GET", "/restore-jobs/NOPE", null), 400, "ResourceNotFoundException", "NOPE");
    }

    @Test
    void extensionApiValidation() throws Exception {
        assertError(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Mainframe\",\"ResourceName\":\"m\","
                + "\"Path\":\"/tmp\"}"), 400, "InvalidParameterValueException", "not supported");
        assertError(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":"
                + "\"bad name\",\"Path\":\"/tmp\"}"), 400, "InvalidParameterValueException", "ResourceName");
        assertError(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":"
                + "\"rel\",\"Path\":\"relative\"}"), 400, "InvalidParameterValueException", "absolute");
        assertError(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":"
                + "\"gone\",\"Path\":\"/does/not/exist\"}"), 400, "InvalidParameterValueException",
                "not an existing directory");
        assertError(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\"}"), 400,
                "MissingParameterValueException", "ResourceName");
        Path data = Files.createDirectories(dir.resolve("registered"));
        String arn = hokan.registerDirectory("registered", data, "{\"AWSBackup\":\"EC2\"}");
        assertError(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"Directory\",\"ResourceName\":"
                + "\"registered\",\"Path\":\"" + data + "\"}"), 400, "AlreadyExistsException", "already registered");
        HttpResponse<String> list = hokan.signed("GET", "/hokan/v1/resources", null);
        assertThat(list.body()).contains(arn).contains("\"AWSBackup\":\"EC2\"");
        String encoded = URLEncoder.encode(arn, StandardCharsets.UTF_8);
        assertThat(hokan.signed("DELETE", "/hokan/v1/resources/" + encoded, null).statusCode()).isEqualTo(200);
        assertError(hokan.signed("DELETE", "/hokan/v1/resources/" + encoded, null), 400, "ResourceNotFoundException",
                "not registered");
        assertError(hokan.signed("POST", "/hokan/v1/clock", "{}"), 400, "InvalidParameterValueException",
                "exactly one of AdvanceSeconds and Now");
        assertError(hokan.signed("POST", "/hokan/v1/clock", "{\"AdvanceSeconds\":-5}"), 400,
                "InvalidParameterValueException", "never goes back");
    }

    @Test
    void theClockIsReadAndMovedThroughTheExtensionApi() {
        HttpResponse<String> before = hokan.signed("GET", "/hokan/v1/clock", null);
        assertThat(before.body()).contains("\"Mode\":\"manual\"");
        long now = Long.parseLong(before.body().replaceAll(".*\"Now\":(\\d+).*", "$1"));
        HttpResponse<String> moved = hokan.signed("POST", "/hokan/v1/clock", "{\"Now\":" + (now + 86_400) + "}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.body()).contains("\"Now\":" + (now + 86_400));
    }

    @Test
    void malformedHttpIsAnsweredInTheAwsShape() throws Exception {
        for (String raw : List.of("GET /backup-vaults/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")) {
            try (Socket socket = new Socket("127.0.0.1", hokan.server.port())) {
                socket.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 400").contains("x-amzn-ErrorType: InvalidRequestException")
                        .contains("\"__type\":\"InvalidRequestException\"").doesNotContain("<html");
            }
        }
    }

    @Test
    void fuzzedBodiesNeverCauseAServerError() {
        List<String> bodies = List.of("", "null", "{}", "{\"BackupVaultName\":null}", "{\"Rules\":{}}",
                "{\"BackupPlan\":[]}", "{\"BackupPlan\":{\"Rules\":[null]}}", "{\"BackupPlan\":{\"Rules\":[1]}}",
                "{\"Lifecycle\":{\"DeleteAfterDays\":1e400}}", "\"string\"", "{\"a\":" + "[".repeat(2000));
        List<String[]> routes = List.of(new String[]{"PUT", "/backup/plans/"}, new String[]{"PUT", "/backup-jobs"},
                new String[]{"PUT", "/restore-jobs"}, new String[]{"PUT", "/backup-vaults/fuzz"},
                new String[]{"POST", "/hokan/v1/resources"}, new String[]{"POST", "/hokan/v1/clock"},
                new String[]{"PUT", "/account-settings"});
        for (String[] route : routes) {
            for (String body : bodies) {
                HttpResponse<String> r = hokan.signed(route[0], route[1], body);
                assertThat(r.statusCode()).as(route[1] + " " + body + " -> " + r.body()).isLessThan(500);
                assertThat(r.headers().firstValue("x-amzn-ErrorType").isPresent() || r.statusCode() == 200).isTrue();
            }
        }
    }
}
