package dev.hokan.engine.report;

import dev.hokan.storage.s3.S3Settings;
import dev.hokan.storage.s3.S3StorageProvider;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Reports as objects of an S3-compatible service, one PUT each. */
final class S3ReportStorage implements ReportStorage {
    private final S3Settings settings;

    S3ReportStorage(S3Settings settings) {
        this.settings = settings;
    }

    @Override
    public void put(String bucket, String key, byte[] content) throws IOException {
        try (S3Client client = S3StorageProvider.newClient(settings)) {
            client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType(key)),
                    RequestBody.fromBytes(content));
        } catch (SdkException | IllegalArgumentException e) {
            throw new IOException("Writing s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    private static String contentType(String key) {
        return key.endsWith(".json") ? "application/json" : "text/csv";
    }
}
