package dev.hokan.engine.resource.s3;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.engine.resource.ScratchDirectories;
import dev.hokan.engine.resource.TestedResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 point is restore-tested into a scratch bucket of its own, {@code hokan-rt-} and the test's job ID, which the
 * test creates on the resource's service with the resource's access key. The restore records each object it writes
 * ({@link WrittenObjects}, in the test's scratch directory under the data directory); the check lists the scratch
 * bucket and wants as many objects as the point holds, each with the ETag its point recorded when that is a single-part
 * MD5 ETag, else with the MD5 of the point's bytes: an object written by one PUT is compared by its ETag, a larger one,
 * written in parts, is read back and hashed. The scratch bucket is then emptied and deleted.
 */
final class BucketRestoreTesting implements RestoreTesting {
    private static final String PREFIX = "hokan-rt-";
    private static final String WRITTEN = "objects.jsonl";
    private static final int SHOWN = 10;

    /** The test's scratch directory, named after its job, which also names its scratch bucket. */
    @Override
    public Path scratchTarget(Path scratch) {
        return scratch;
    }

    @Override
    public Map<String, String> scratchMetadata(Path scratchTarget) {
        return Map.of(BucketRestoreTarget.DESTINATION, bucketOf(scratchTarget), BucketRestoreTarget.NEW_BUCKET, "true");
    }

    @Override
    public void prepare(Path scratchTarget) throws IOException {
        Files.createDirectories(scratchTarget);
    }

    /** Every object of the point into the new scratch bucket, which nothing else writes to (nothing to leave alone). */
    @Override
    public RestoreTarget target(Path scratchTarget, Map<String, String> metadata, RecoveryPoint point,
                                TestedResource tested) {
        BucketAccess scratch = scratchBucket(scratchTarget, tested);
        return () -> {
            WrittenObjects written = WrittenObjects.create(scratchTarget.resolve(WRITTEN));
            try {
                return new BucketSink(scratch, BucketRestoreTarget.created(scratch), List.of(), true,
                        Optional.of(written));
            } catch (RuntimeException e) {
                written.close();
                throw e;
            }
        };
    }

    @Override
    public Optional<String> validate(Path scratchTarget, TestedResource tested, RestoredSnapshot snapshot)
            throws IOException {
        Map<String, WrittenObjects.Written> written = WrittenObjects.read(scratchTarget.resolve(WRITTEN));
        BucketAccess scratch = scratchBucket(scratchTarget, tested);
        List<String> differences = new ArrayList<>();
        Set<String> found = new HashSet<>();
        try (S3Client s3 = scratch.client()) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(scratch.bucket())).contents()) {
                // a key ending in / is a folder marker (s3proxy lists its directories so); backups keep none
                if (object.key().endsWith("/")) {
                    continue;
                }
                found.add(object.key());
                WrittenObjects.Written expected = written.get(object.key());
                if (expected == null) {
                    differences.add(object.key() + ": not in the recovery point");
                } else {
                    compare(s3, scratch, object, expected).ifPresent(differences::add);
                }
            }
        } catch (SdkException e) {
            throw new IOException("Scratch bucket " + scratch.describe() + " could not be read: "
                    + BucketAccess.reason(e), e);
        }
        written.keySet().stream().filter(key -> !found.contains(key)).sorted()
                .forEach(key -> differences.add(key + ": missing"));
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = new ArrayList<>(differences.subList(0, Math.min(SHOWN, differences.size())));
        if (differences.size() > SHOWN) {
            shown.add((differences.size() - SHOWN) + " more difference(s)");
        }
        return Optional.of("The restored bucket holds " + found.size() + " object(s), the recovery point "
                + written.size() + ": " + String.join("; ", shown));
    }

    /** How the restored object differs from what its point recorded of it, if it does. */
    private static Optional<String> compare(S3Client s3, BucketAccess scratch, S3Object restored,
                                            WrittenObjects.Written expected) throws IOException {
        String recorded = expected.recordedETag() == null ? null : unquoted(expected.recordedETag());
        boolean singlePart = recorded != null && recorded.matches("[0-9a-f]{32}");
        String wanted = singlePart ? recorded : expected.md5();
        String actual = expected.onePart() ? unquoted(restored.eTag()) : md5(s3, scratch, restored.key());
        if (actual.equals(wanted)) {
            return Optional.empty();
        }
        return Optional.of(restored.key() + ": " + (expected.onePart() ? "ETag " : "MD5 ") + actual + ", not "
                + wanted + (singlePart ? " (the ETag recorded at backup)" : " (the MD5 of the recovery point's bytes)"));
    }

    private static String md5(S3Client s3, BucketAccess scratch, String key) throws IOException {
        MessageDigest digest = WrittenObjects.md5();
        try (InputStream in = new DigestInputStream(s3.getObject(r -> r.bucket(scratch.bucket()).key(key)), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String unquoted(String eTag) {
        return eTag.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public void delete(Path scratchTarget, TestedResource tested) throws IOException {
        BucketAccess scratch = scratchBucket(scratchTarget, tested);
        try (S3Client s3 = scratch.client()) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(scratch.bucket())).contents()) {
                s3.deleteObject(r -> r.bucket(scratch.bucket()).key(object.key()));
            }
            s3.deleteBucket(r -> r.bucket(scratch.bucket()));
        } catch (NoSuchBucketException never) {
            // the restore failed before it made the bucket
        } catch (SdkException e) {
            if (!(e instanceof S3Exception s3e && s3e.statusCode() == 404)) {
                throw new IOException("Scratch bucket " + scratch.describe() + " could not be deleted: "
                        + BucketAccess.reason(e), e);
            }
        }
        ScratchDirectories.delete(scratchTarget);
    }

    private static BucketAccess scratchBucket(Path scratchTarget, TestedResource tested) {
        return BucketKind.access(tested.registration(), tested.context()).withBucket(bucketOf(scratchTarget));
    }

    private static String bucketOf(Path scratchTarget) {
        return PREFIX + scratchTarget.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
