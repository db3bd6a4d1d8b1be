package dev.hokan.storage.s3;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the S3-compatible service vaults live on: its endpoint (absent: AWS S3 itself), the region requests
 * are signed for, and the credentials, absent when none were given.
 */
public record S3Settings(Optional<URI> endpoint, String region, Optional<Credentials> credentials) {
    public static final String DEFAULT_REGION = "us-east-1";

    /** An access key; the secret is never shown. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        public Credentials {
            if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("an S3 access key needs both its ID and its secret");
            }
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + "]";
        }
    }

    public S3Settings {
        if (region.isBlank()) {
            throw new IllegalArgumentException("empty S3 region");
        }
        endpoint.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("the S3 endpoint must be an http or https URL: " + uri);
            }
        });
    }

    /**
     * The endpoint and region given (either may be null: AWS S3, {@value #DEFAULT_REGION}), with the credentials of
     * HOKAN_S3_ACCESS_KEY_ID / HOKAN_S3_SECRET_ACCESS_KEY, or else of the standard AWS_ACCESS_KEY_ID /
     * AWS_SECRET_ACCESS_KEY.
     */
    public static S3Settings fromEnvironment(URI endpoint, String region, Map<String, String> env) {
        return new S3Settings(Optional.ofNullable(endpoint), region == null ? DEFAULT_REGION : region,
                credentials(env, "HOKAN_S3_ACCESS_KEY_ID", "HOKAN_S3_SECRET_ACCESS_KEY")
                        .or(() -> credentials(env, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")));
    }

    private static Optional<Credentials> credentials(Map<String, String> env, String idVariable, String secretVariable) {
        String id = env.get(idVariable);
        String secret = env.get(secretVariable);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(idVariable + " is set but " + secretVariable + " is not");
        }
        return Optional.of(new Credentials(id, secret));
    }
}
