package dev.hokan.cli;

import dev.hokan.engine.vault.StorageBackends;
import dev.hokan.storage.s3.S3Settings;
import dev.hokan.store.blob.StorageProviders;
import java.net.URI;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** How to reach S3 for {@code s3://BUCKET/PREFIX} locations; the credentials come from the environment. */
final class S3Options {
    @Option(names = "--s3-endpoint", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "S3-compatible service of s3:// locations (default: AWS S3). Credentials:"
                    + " $HOKAN_S3_ACCESS_KEY_ID and $HOKAN_S3_SECRET_ACCESS_KEY, or $AWS_ACCESS_KEY_ID and"
                    + " $AWS_SECRET_ACCESS_KEY.")
    URI endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", scope = ScopeType.INHERIT,
            description = "Region S3 requests are signed for (default: " + S3Settings.DEFAULT_REGION + ").")
    String region;

    /** Every storage backend, S3 configured from these options and the environment. */
    StorageProviders providers() {
        return StorageBackends.standard(at(endpoint));
    }

    /** The S3-compatible service at {@code serviceEndpoint} (null: AWS S3), with this region and credentials. */
    S3Settings at(URI serviceEndpoint) {
        return S3Settings.fromEnvironment(serviceEndpoint, region, System.getenv());
    }
}
