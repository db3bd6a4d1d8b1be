package dev.hokan.api;

import dev.hokan.engine.iam.KeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A SigV4-signing client of a Hokan server's JSON APIs: how the {@code hokan} command reaches a server, and how one
 * Hokan site reaches another.
 */
public final class HokanClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final SigV4Signer signer;

    public HokanClient(URI endpoint, KeyPair key, String region) {
        this.endpoint = endpoint;
        this.signer = new SigV4Signer(key, region);
    }

    /** Sends a JSON body (or none) and returns the JSON answer; an error answer throws with its AWS type. */
    public JsonNode call(String method, String pathAndQuery, String jsonBody) throws IOException {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        return send(method, pathAndQuery, body, "application/json");
    }

    /** Sends raw bytes and returns the JSON answer. */
    public JsonNode send(String method, String pathAndQuery, byte[] body, String contentType) throws IOException {
        HttpRequest request = signer.request(method, endpoint.resolve(pathAndQuery), body, Instant.now())
                .header("Content-Type", contentType)
                .timeout(Duration.ofMinutes(5))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + endpoint, e);
        }
        JsonNode answer;
        try {
            answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IOException(endpoint + " answered " + response.statusCode() + " with a body that is not JSON");
        }
        if (response.statusCode() / 100 != 2) {
            String type = response.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + response.statusCode());
            JsonNode message = answer.has("Message") ? answer.get("Message") : answer.get("message");
            throw new HokanCallException(response.statusCode(), type, message == null ? "" : message.asString());
        }
        return answer;
    }

    /** A call the server refused or failed, with the AWS error type it gave. */
    public static final class HokanCallException extends IOException {
        private final int status;
        private final String errorType;

        HokanCallException(int status, String errorType, String message) {
            super(errorType + ": " + message);
            this.status = status;
            this.errorType = errorType;
        }

        public int status() {
            return status;
        }

        public String errorType() {
            return errorType;
        }
    }
}
