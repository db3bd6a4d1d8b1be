package dev.hokan.engine.resource.s3;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoredResource;
import dev.hokan.store.restore.RestoreSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a bucket's recovery point is restored, named as AWS Backup's S3 restores name it: {@code DestinationBucketName}
 * (default: the source bucket), on the service and with the access key of the resource's registration;
 * {@code NewBucket} "true" creates it (it must not exist), otherwise it must exist; {@code ItemsToRestore}, a JSON
 * array of up to 5 key prefixes (absent: every object); {@code Overwrite} "true" replaces objects already there,
 * which are otherwise left as they are and counted.
 */
record BucketRestoreTarget(BucketAccess destination, RestoredResource made, boolean newBucket, List<String> prefixes, boolean overwrite)
        implements RestoreTarget {
    static final String DESTINATION = "DestinationBucketName";
    static final String NEW_BUCKET = "NewBucket";
    private static final String ITEMS = "ItemsToRestore";
    private static final String OVERWRITE = "Overwrite";
    private static final Set<String> FACTS = Set.of("SourceBucket", "ObjectCount", "TotalBytes");
    private static final int MAX_PREFIXES = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What GetRecoveryPointRestoreMetadata offers: the keys with their defaults, and facts about the point. */
    static Map<String, String> offered(RecoveryPoint point) {
        String bucket = point.sourceLocation().substring(point.sourceLocation().indexOf("://") + 3);
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DESTINATION, bucket);
        m.put(NEW_BUCKET, "false");
        m.put(OVERWRITE, "false");
        m.put("SourceBucket", bucket);
        m.put("ObjectCount", Long.toString(point.fileCount()));
        m.put("TotalBytes", Long.toString(point.backupSizeInBytes()));
        return m;
    }

    /** The target the metadata names, once the destination bucket is as NewBucket says. */
    static BucketRestoreTarget parse(Map<String, String> metadata, BucketAccess source, ResourceSettings registration) {
        BucketRestoreTarget target = read(metadata, source, registration);
        target.checkBucket(target.bucketExists());
        return target;
    }

    /**
     * The target the metadata names for a restore that an earlier run began: the bucket that run created (NewBucket
     * "true") is written into as it is.
     */
    static BucketRestoreTarget resumable(Map<String, String> metadata, BucketAccess source,
                                         ResourceSettings registration) {
        BucketRestoreTarget asked = read(metadata, source, registration);
        boolean exists = asked.bucketExists();
        BucketRestoreTarget target = asked.newBucket && exists ? new BucketRestoreTarget(asked.destination, asked.made,
                false, asked.prefixes, asked.overwrite) : asked;
        target.checkBucket(exists);
        return target;
    }

    private static BucketRestoreTarget read(Map<String, String> metadata, BucketAccess source,
                                            ResourceSettings registration) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        metadata.forEach((k, v) -> {
            if (m.put(k, v) != null) {
                throw ServiceException.invalidParameter("Metadata key " + k + " is given more than once");
            }
        });
        for (String key : m.keySet()) {
            if (!List.of(DESTINATION, NEW_BUCKET, ITEMS, OVERWRITE).stream().anyMatch(key::equalsIgnoreCase)
                    && FACTS.stream().noneMatch(key::equalsIgnoreCase)) {
                throw ServiceException.invalidParameter("Metadata key " + key + " is not understood for S3 restores;"
                        + " use " + DESTINATION + ", " + NEW_BUCKET + ", " + ITEMS + " and " + OVERWRITE);
            }
        }
        String bucket = m.getOrDefault(DESTINATION, source.bucket());
        if (!BucketKind.isBucketName(bucket)) {
            throw ServiceException.invalidParameter(DESTINATION + " \"" + bucket + "\" is not a bucket name");
        }
        return new BucketRestoreTarget(source.withBucket(bucket), BucketKind.restoredInto(registration, bucket),
                flag(m, NEW_BUCKET), prefixes(m.get(ITEMS)), flag(m, OVERWRITE));
    }

    private static boolean flag(Map<String, String> m, String key) {
        String value = m.getOrDefault(key, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw ServiceException.invalidParameter(key + " must be \"true\" or \"false\", not \"" + value + "\"");
        }
        return value.equals("true");
    }

    private static List<String> prefixes(String items) {
        if (items == null) {
            return List.of();
        }
        List<String> prefixes;
        try {
            prefixes = List.of(JSON.readValue(items, String[].class));
        } catch (JacksonException | NullPointerException e) {
            throw ServiceException.invalidParameter(ITEMS + " must be a JSON array of key prefixes, such as"
                    + " [\"photos/2024/\"]", e);
        }
        if (prefixes.isEmpty() || prefixes.size() > MAX_PREFIXES || prefixes.stream().anyMatch(String::isEmpty)) {
            throw ServiceException.invalidParameter(ITEMS + " must hold 1 to " + MAX_PREFIXES
                    + " non-empty key prefixes");
        }
        return prefixes;
    }

    /** Whether the destination bucket exists. */
    private boolean bucketExists() {
        boolean exists;
        try (S3Client s3 = destination.client()) {
            s3.headBucket(r -> r.bucket(destination.bucket()));
            exists = true;
        } catch (NoSuchBucketException gone) {
            exists = false;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw ServiceException.invalidParameter("Bucket " + destination.describe() + " cannot be reached: "
                        + BucketAccess.reason(e), e);
            }
            exists = false;
        } catch (SdkException e) {
            throw ServiceException.invalidParameter("Bucket " + destination.describe() + " cannot be reached: "
                    + BucketAccess.reason(e), e);
        }
        return exists;
    }

    /** The destination exists unless NewBucket is "true", in which case it must not. */
    private void checkBucket(boolean exists) {
        if (newBucket && exists) {
            throw ServiceException.invalidParameter("Bucket " + destination.describe() + " exists already; set "
                    + NEW_BUCKET + " to \"false\" to restore into it");
        }
        if (!newBucket && !exists) {
            throw ServiceException.invalidParameter("Bucket " + destination.describe() + " does not exist; set "
                    + NEW_BUCKET + " to \"true\" to create it");
        }
    }

    @Override
    public RestoreSink<?> open() {
        return new BucketSink(destination, newBucket ? created(destination) : destination.client(), prefixes, overwrite,
                Optional.empty());
    }

    /** Creates the bucket and returns a client of it; refused saying what S3 answered. */
    static S3Client created(BucketAccess bucket) {
        S3Client s3 = bucket.client();
        try {
            s3.createBucket(r -> r.bucket(bucket.bucket()));
        } catch (SdkException e) {
            s3.close();
            throw ServiceException.invalidParameter("Bucket " + bucket.describe() + " could not be created: "
                    + BucketAccess.reason(e), e);
        }
        return s3;
    }

    @Override
    public Optional<RestoredResource> restored() {
        return Optional.of(made);
    }
}
