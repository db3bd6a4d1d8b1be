package dev.hokan.api;

import dev.hokan.engine.iam.KeyPair;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Signs Hokan's own outgoing requests (to another Hokan site) with Signature Version 4, through the same
 * canonical form the server verifies with.
 */
final class SigV4Signer {
    private static final List<String> SIGNED_HEADERS = List.of("host", "x-amz-content-sha256", "x-amz-date");

    private final KeyPair key;
    private final String region;

    SigV4Signer(KeyPair key, String region) {
        this.key = key;
        this.region = region;
    }

    /** A request builder for {@code uri} with the body and the signature headers set. */
    HttpRequest.Builder request(String method, URI uri, byte[] body, Instant now) {
        String amzDate = SigV4Verifier.amzDate(now);
        String payloadHash = SigV4Verifier.sha256Hex(body);
        Map<String, String> headers = Map.of("host", uri.getRawAuthority(), "x-amz-content-sha256", payloadHash,
                "x-amz-date", amzDate);
        SignedRequest signed = new SignedRequest(method, uri.getRawPath(), uri.getRawQuery(),
                name -> headers.containsKey(name) ? List.of(headers.get(name)) : null, body);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + SigV4Verifier.SERVICE + "/aws4_request";
        String signature;
        try {
            signature = HexFormat.of().formatHex(SigV4Verifier.hmac(
                    SigV4Verifier.deriveSigningKey(key.secretAccessKey(), date, region, SigV4Verifier.SERVICE),
                    SigV4Verifier.stringToSign(signed, SIGNED_HEADERS, amzDate, scope, payloadHash)));
        } catch (AuthException e) {
            throw new IllegalStateException("Every signed header is set above", e);
        }
        return HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("x-amz-date", amzDate)
                .header("x-amz-content-sha256", payloadHash)
                .header("Authorization", SigV4Verifier.ALGORITHM + " Credential=" + key.accessKeyId() + "/" + scope
                        + ", SignedHeaders=" + String.join(";", SIGNED_HEADERS) + ", Signature=" + signature);
    }
}
