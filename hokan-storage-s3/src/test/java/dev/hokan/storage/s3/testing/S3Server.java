package dev.hokan.storage.s3.testing;

import dev.hokan.storage.s3.S3Settings;
import dev.hokan.storage.s3.S3StorageProvider;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 service a test started on loopback, with the access key it accepts. */
public interface S3Server extends AutoCloseable {
    String ACCESS_KEY_ID = "hokan-test";
    String SECRET_ACCESS_KEY = "hokan-test-secret";

    URI endpoint();

    /** Settings that reach this server. */
    default S3Settings settings() {
        return new S3Settings(Optional.of(endpoint()), S3Settings.DEFAULT_REGION,
                Optional.of(new S3Settings.Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)));
    }

    /** A client of this server, as any S3 user would have. */
    default S3Client client() {
        return S3StorageProvider.newClient(settings());
    }

    default void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    /** A bucket with Object Lock enabled (and so versioning); only services that implement it take this. */
    default void createObjectLockBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
        }
    }

    @Override
    void close();
}
