package dev.hokan.engine.resource.s3;

import dev.hokan.engine.ServiceException;
import dev.hokan.storage.s3.S3Settings;
import dev.hokan.storage.s3.S3StorageProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How to reach one bucket: the service's endpoint (absent: AWS S3), the region requests are signed for, and an access
 * key whose secret stays in a file on this host, read each time a client is made.
 */
record BucketAccess(Optional<URI> endpoint, String region, String bucket, String accessKeyId, Path secretFile) {
    /** A client of the bucket's service, with the secret as the file holds it now (its first line). */
    S3Client client() {
        String secret;
        try {
            secret = Files.readString(secretFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw ServiceException.invalidParameter("SecretAccessKeyFile " + secretFile + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (secret.isEmpty()) {
            throw ServiceException.invalidParameter("SecretAccessKeyFile " + secretFile + " is empty");
        }
        return S3StorageProvider.newClient(new S3Settings(endpoint, region,
                Optional.of(new S3Settings.Credentials(accessKeyId, secret))));
    }

    /** The same service and access key, for another bucket. */
    BucketAccess withBucket(String other) {
        return new BucketAccess(endpoint, region, other, accessKeyId, secretFile);
    }

    /** The bucket as messages name it: {@code s3://BUCKET} and its endpoint. */
    String describe() {
        return "s3://" + bucket + endpoint.map(e -> " at " + e).orElse("");
    }

    /** What S3 answered to {@code what}, as a message: its HTTP status, code and message. */
    static String reason(SdkException failure) {
        if (failure instanceof S3Exception s3) {
            var details = s3.awsErrorDetails();
            return "HTTP " + s3.statusCode() + (details == null || details.errorCode() == null ? "" : " " + details.errorCode())
                    + (details == null || details.errorMessage() == null ? "" : ": " + details.errorMessage());
        }
        return failure.getMessage();
    }
}
