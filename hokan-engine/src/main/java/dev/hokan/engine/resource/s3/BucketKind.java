package dev.hokan.engine.resource.s3;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.AbsolutePaths;
import dev.hokan.engine.resource.RegistrationBody;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.engine.resource.RestoredResource;
import dev.hokan.store.backup.BackupSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket of an S3-compatible service ({@code Endpoint}, absent for AWS S3; {@code Region}, default us-east-1),
 * read with the access key {@code AccessKeyId} whose secret is in {@code SecretAccessKeyFile}, a file on this host the
 * account may back up, read at each use (the secret is never stored nor returned). Registration lists the bucket and
 * reads its first object. A backup keeps every object with its metadata and tags, keys as paths; a restore writes
 * them into the same or another bucket.
 */
public final class BucketKind implements ResourceKind {
    private static final String ENDPOINT = "Endpoint";
    private static final String BUCKET = "Bucket";
    private static final String REGION = "Region";
    private static final String ACCESS_KEY_ID = "AccessKeyId";
    private static final String SECRET_ACCESS_KEY_FILE = "SecretAccessKeyFile";
    private static final String DEFAULT_REGION = "us-east-1";

    @Override
    public String wireName() {
        return "S3";
    }

    /** A bucket's objects are on object storage, as a vault on {@code s3://} storage is. */
    @Override
    public String storageScheme() {
        return "s3";
    }

    @Override
    public String arnKind() {
        return "s3";
    }

    @Override
    public ResourceSettings register(RegistrationBody body, ResourceContext context) {
        Map<String, Object> settings = new LinkedHashMap<>();
        String endpoint = body.string(ENDPOINT);
        if (endpoint != null) {
            settings.put(ENDPOINT, endpoint(endpoint).toString());
        }
        String bucket = required(body, BUCKET);
        if (!isBucketName(bucket)) {
            throw ServiceException.invalidParameter("Bucket \"" + bucket + "\" is not a bucket name");
        }
        settings.put(BUCKET, bucket);
        String region = body.string(REGION);
        if (region != null && !region.matches("[a-z0-9-]+")) {
            throw ServiceException.invalidParameter("Region \"" + region + "\" is not a region name");
        }
        settings.put(REGION, region == null ? DEFAULT_REGION : region);
        String accessKeyId = required(body, ACCESS_KEY_ID);
        if (accessKeyId.isBlank() || accessKeyId.chars().anyMatch(c -> c <= ' ')) {
            throw ServiceException.invalidParameter("AccessKeyId must be an access key ID, without spaces");
        }
        settings.put(ACCESS_KEY_ID, accessKeyId);
        settings.put(SECRET_ACCESS_KEY_FILE, AbsolutePaths.of(SECRET_ACCESS_KEY_FILE, required(body, SECRET_ACCESS_KEY_FILE))
                .toString());
        ResourceSettings registered = new ResourceSettings(settings);
        verify(access(registered, context));
        return registered;
    }

    @Override
    public BackupSource backupSource(ResourceSettings settings, ResourceContext context) {
        BucketAccess access = access(settings, context);
        return new BucketSource(access, access.client());
    }

    @Override
    public RestoreTarget restoreTarget(Map<String, String> metadata, RecoveryPoint point, ResourceContext context) {
        ResourceSettings settings = registration(point, context);
        return BucketRestoreTarget.parse(metadata, access(settings, context), settings);
    }

    @Override
    public RestoreTarget resumedRestoreTarget(Map<String, String> metadata, RecoveryPoint point,
                                              ResourceContext context) {
        ResourceSettings settings = registration(point, context);
        return BucketRestoreTarget.resumable(metadata, access(settings, context), settings);
    }

    private static ResourceSettings registration(RecoveryPoint point, ResourceContext context) {
        return context.settingsOf(point.resourceArn()).orElseThrow(() -> ServiceException.invalidParameter(
                "Bucket resource " + point.resourceArn() + " is no longer registered; register it again (the restore"
                        + " writes with its endpoint and access key)"));
    }

    @Override
    public Map<String, String> restoreMetadata(RecoveryPoint point) {
        return BucketRestoreTarget.offered(point);
    }

    @Override
    public Optional<RestoreTesting> restoreTesting() {
        return Optional.of(new BucketRestoreTesting());
    }

    /** The objects read before the backup stopped are kept, each one whole. */
    @Override
    public boolean keepsPartialBackups() {
        return true;
    }

    /**
     * The bucket resource a restore into {@code bucket} made: the source's registration with that bucket, the same
     * resource as any registered for the same endpoint and bucket.
     */
    static RestoredResource restoredInto(ResourceSettings source, String bucket) {
        Map<String, Object> settings = new LinkedHashMap<>(source.members());
        settings.put(BUCKET, bucket);
        return new RestoredResource(new BucketKind(), new ResourceSettings(settings), List.of(ENDPOINT, BUCKET));
    }

    /**
     * The bucket the settings name, checked again: the account must still be allowed to reach its service (AWS S3's
     * regional endpoint when there is no Endpoint), and to read the secret's file.
     */
    static BucketAccess access(ResourceSettings settings, ResourceContext context) {
        Object endpoint = settings.members().get(ENDPOINT);
        URI service = URI.create(endpoint != null ? (String) endpoint
                : "https://s3." + settings.string(REGION) + ".amazonaws.com");
        context.endpoints().check(context.account().accountId(), EndpointKind.S3, service);
        Path secretFile = context.hostPaths().source(context.account().accountId(),
                Path.of(settings.string(SECRET_ACCESS_KEY_FILE)));
        return new BucketAccess(Optional.ofNullable((String) endpoint).map(URI::create), settings.string(REGION),
                settings.string(BUCKET), settings.string(ACCESS_KEY_ID), secretFile);
    }

    /** Lists the bucket and reads the first byte of its first object; refused saying what S3 answered. */
    private static void verify(BucketAccess access) {
        try (S3Client s3 = access.client()) {
            List<S3Object> first;
            try {
                first = s3.listObjectsV2(r -> r.bucket(access.bucket()).maxKeys(1)).contents();
            } catch (SdkException e) {
                throw ServiceException.invalidParameter("Bucket " + access.describe() + " cannot be listed: "
                        + BucketAccess.reason(e), e);
            }
            if (first.isEmpty()) {
                return;
            }
            S3Object object = first.getFirst();
            try {
                if (object.size() == 0) {
                    s3.headObject(r -> r.bucket(access.bucket()).key(object.key()));
                } else {
                    s3.getObjectAsBytes(r -> r.bucket(access.bucket()).key(object.key()).range("bytes=0-0"));
                }
            } catch (SdkException e) {
                throw ServiceException.invalidParameter("Object " + object.key() + " of bucket " + access.describe()
                        + " cannot be read: " + BucketAccess.reason(e), e);
            }
        }
    }

    /** Bucket names as S3-compatible services take them: 3 to 63 lower-case letters, digits, dots and hyphens. */
    static boolean isBucketName(String name) {
        return name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    }

    private static String required(RegistrationBody body, String member) {
        String value = body.string(member);
        if (value == null) {
            throw ServiceException.missingParameter(member);
        }
        return value;
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
                    && uri.getQuery() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            throw ServiceException.invalidParameter("Endpoint " + value + " is not a URL: " + e.getMessage(), e);
        }
        throw ServiceException.invalidParameter("Endpoint " + value + " must be an http or https URL of the service,"
                + " such as http://127.0.0.1:9000");
    }
}
