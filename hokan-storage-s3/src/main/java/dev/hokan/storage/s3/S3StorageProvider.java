package dev.hokan.storage.s3;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.StorageProvider;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Buckets of an S3-compatible service: {@code s3://BUCKET/PREFIX} locations. The client is made on first use, so a
 * deployment that keeps its vaults elsewhere needs no S3 settings. The bucket must exist; opening creates nothing in
 * it. The SDK's own retries are on (a few attempts with jittered backoff); what still fails passing is thrown as a
 * {@link dev.hokan.store.blob.RetryableStorageException}, so the store's retry decorator repeats the whole call.
 */
public final class S3StorageProvider implements StorageProvider {
    private final S3Settings settings;
    private final Clock clock;
    private final ConditionalWrites conditionalWrites = new ConditionalWrites();
    private final ReadAhead readAhead;
    private final BucketFeatures features = new BucketFeatures();
    private S3Client client;

    public S3StorageProvider(S3Settings settings) {
        this(settings, Clock.systemUTC());
    }

    /** A provider whose stores judge the age of unfinished uploads by {@code clock}. */
    public S3StorageProvider(S3Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.readAhead = new ReadAhead(clock);
    }

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public BlobStore open(URI location) throws IOException {
        S3Location at = S3Location.of(location);
        S3Client s3 = client();
        try {
            s3.headBucket(r -> r.bucket(at.bucket()));
        } catch (SdkException e) {
            if (S3Failures.hasStatus(e, 404)) {
                throw new IOException("bucket " + at.bucket() + " does not exist at " + endpoint()
                        + "; create it first");
            }
            throw S3Failures.of("HEAD bucket " + at.bucket() + " at " + endpoint(), null, e);
        }
        return new S3BlobStore(s3, at, clock, conditionalWrites, readAhead, features);
    }

    @Override
    public boolean exists(URI location) throws IOException {
        S3Location at = S3Location.of(location);
        try {
            return client().listObjectsV2(r -> r.bucket(at.bucket()).prefix(at.prefix()).maxKeys(1)).keyCount() > 0;
        } catch (SdkException e) {
            if (S3Failures.hasStatus(e, 404)) {
                return false;
            }
            throw S3Failures.of("LIST " + at, null, e);
        }
    }

    private String endpoint() {
        return settings.endpoint().map(URI::toString).orElse("AWS S3 (" + settings.region() + ")");
    }

    /**
     * The stores' client. Everything it uploads is in memory and goes up whole, not in signed chunks (aws-chunked,
     * which over http copied every byte once more), and unsigned ({@link UnsignedPayloads}).
     */
    private synchronized S3Client client() {
        if (client == null) {
            client = builder(settings).serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false)
                    .build()).putAuthScheme(new UnsignedPayloads()).build();
        }
        return client;
    }

    /** A client of the service the settings name, reaching it as the provider's stores do. */
    public static S3Client newClient(S3Settings settings) {
        return builder(settings).build();
    }

    private static S3ClientBuilder builder(S3Settings settings) {
        S3Settings.Credentials credentials = settings.credentials().orElseThrow(() -> new IllegalArgumentException(
                "no S3 credentials: set HOKAN_S3_ACCESS_KEY_ID and HOKAN_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID"
                        + " and AWS_SECRET_ACCESS_KEY)"));
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey())))
                // S3-compatible services differ in the newer checksum headers: send them only where S3 requires them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder;
    }
}
