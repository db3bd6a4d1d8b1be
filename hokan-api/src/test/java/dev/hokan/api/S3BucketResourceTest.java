package dev.hokan.api;

import static dev.hokan.api.BackupRestoreTest.awaitRestoreOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.storage.s3.testing.S3ProxyProcess;
import dev.hokan.storage.s3.testing.S3Server;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * S3 buckets as resources, through the real server and the AWS SDK, against s3proxy (a process on loopback) reached
 * through a counting proxy: registration and its refusals, backup and restore with metadata into a new bucket, of
 * chosen prefixes, over existing objects or not, an incremental backup that reads only the objects that changed, and
 * a restore test, whose check counts no directory s3proxy lists as a key.
 */
class S3BucketResourceTest extends ServerTestBase {
    private static final String ARN = "arn:aws:hokan:us-east-1:000000000000:s3/";
    private static S3ProxyProcess s3proxy;
    private static CountingTcpProxy proxy;
    private static S3Client s3;
    private static Path secret;

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = S3ProxyProcess.start(dir.resolve("s3proxy"));
        proxy = new CountingTcpProxy(s3proxy.endpoint().getPort());
        s3 = s3proxy.client();
        secret = Files.writeString(dir.resolve("s3-secret"), S3Server.SECRET_ACCESS_KEY + "\n");
        backup.createBackupVault(r -> r.backupVaultName("buckets"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        proxy.close();
        s3proxy.close();
    }

    private static HttpResponse<String> register(String name, String bucket, String secretFile) {
        return hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"S3\",\"ResourceName\":\"" + name
                + "\",\"Endpoint\":\"" + proxy.endpoint() + "\",\"Bucket\":\"" + bucket + "\",\"Region\":\"us-east-1\""
                + ",\"AccessKeyId\":\"" + S3Server.ACCESS_KEY_ID + "\",\"SecretAccessKeyFile\":\"" + secretFile + "\""
                + ",\"Tags\":{\"team\":\"web\"}}");
    }

    private static void put(String bucket, String key, byte[] content, String contentType) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).cacheControl("max-age=60")
                .contentEncoding("identity").metadata(Map.of("author", "ana", "origin", key)), RequestBody.fromBytes(content));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertRefused(HttpResponse<String> response, String type, String hint) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(type).contains(hint).doesNotContain(S3Server.SECRET_ACCESS_KEY);
    }

    @Test
    void registrationListsAndReadsTheBucketAndRefusesWhatCannotBeBackedUp() throws Exception {
        s3.createBucket(r -> r.bucket("registered"));
        put("registered", "a.txt", "a".getBytes(), "text/plain");
        HttpResponse<String> ok = register("registered", "registered", secret.toString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"ResourceArn\":\"" + ARN + "registered\"");
        HttpResponse<String> listed = hokan.signed("GET", "/hokan/v1/resources", null);
        assertThat(listed.body()).contains(ARN + "registered").contains("\"ResourceType\":\"S3\"")
                .contains("\"Bucket\":\"registered\"").contains(secret.toString())
                .doesNotContain(S3Server.SECRET_ACCESS_KEY);

        Path wrong = Files.writeString(dir.resolve("wrong-secret"), "not-the-secret\n");
        assertRefused(register("wrong-key", "registered", wrong.toString()), "InvalidParameterValueException",
                "Bucket s3://registered at " + proxy.endpoint() + " cannot be listed: HTTP 403");
        assertRefused(register("missing", "no-such-bucket", secret.toString()), "InvalidParameterValueException",
                "Bucket s3://no-such-bucket at " + proxy.endpoint() + " cannot be listed: HTTP 404 NoSuchBucket");
        assertRefused(register("relative", "registered", "s3-secret"), "InvalidParameterValueException",
                "SecretAccessKeyFile s3-secret must be an absolute path");
        assertRefused(register("unreadable", "registered", dir.resolve("none").toString()),
                "InvalidParameterValueException", "SecretAccessKeyFile " + dir.resolve("none") + " cannot be read");
        assertRefused(register("bad-name", "Not_A_Bucket", secret.toString()), "InvalidParameterValueException",
                "Bucket \\\"Not_A_Bucket\\\" is not a bucket name");
        assertRefused(hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"S3\",\"ResourceName\":\"x\","
                + "\"Bucket\":\"registered\"}"), "MissingParameterValueException", "AccessKeyId");
    }

    @Test
    void aBucketIsRestoredWithItsMetadataIntoANewBucketByPrefixAndOverExistingObjectsOnlyWhenAsked() throws Exception {
        s3.createBucket(r -> r.bucket("assets"));
        put("assets", "index.html", "<h1>hello</h1>".getBytes(), "text/html");
        put("assets", "photos/2024/a.jpg", random(3 << 20, 1), "image/jpeg");
        put("assets", "photos/2024/b.jpg", random(1000, 2), "image/jpeg");
        put("assets", "photos/2025/c.bin", random(9 << 20, 3), "application/octet-stream");
        put("assets", "empty", new byte[0], "text/plain");
        String arn = registered("assets");

        String point = S3VaultsTest.backupNow(backup, "buckets", arn, null);
        assertThat(backup.getRecoveryPointRestoreMetadata(r -> r.backupVaultName("buckets").recoveryPointArn(point))
                .restoreMetadata()).containsEntry("DestinationBucketName", "assets").containsEntry("ObjectCount", "5");

        String copy = assertRestored(point, Map.of("DestinationBucketName", "copy", "NewBucket", "true"))
                .createdResourceArn();
        assertSameObjects("assets", "copy", List.of());
        assertThat(copy).startsWith(ARN).isNotEqualTo(arn);
        assertThat(hokan.signed("GET", "/hokan/v1/resources", null).body()).contains("\"ResourceArn\":\"" + copy
                + "\"").contains("\"Bucket\":\"copy\"");

        assertRestored(point, Map.of("DestinationBucketName", "photos", "NewBucket", "true",
                "ItemsToRestore", "[\"photos/2024/\", \"emp\"]"));
        assertSameObjects("assets", "photos", List.of("photos/2024/", "emp"));

        put("assets", "index.html", "<h1>changed</h1>".getBytes(), "text/html");
        s3.deleteObject(r -> r.bucket("assets").key("empty"));
        DescribeRestoreJobResponse kept = assertRestored(point, Map.of());
        assertThat(kept.createdResourceArn()).as("a restore into the registered bucket names its resource")
                .isEqualTo(arn);
        assertThat(kept.statusMessage()).contains("4 object(s) already in bucket assets were left as they were");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("assets").key("index.html")).asUtf8String()).contains("changed");
        assertThat(s3.headObject(r -> r.bucket("assets").key("empty")).contentLength()).isZero();

        assertRestored(point, Map.of("Overwrite", "true"));
        assertSameObjects("assets", "copy", List.of());

        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of(
                "DestinationBucketName", "copy", "NewBucket", "true"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of(
                "ItemsToRestore", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("1 to 5");
    }

    @Test
    void aSecondBackupReadsOnlyTheObjectsThatChanged() throws Exception {
        s3.createBucket(r -> r.bucket("site"));
        for (int i = 0; i < 20; i++) {
            put("site", "pages/" + i + ".html", ("page " + i).getBytes(), "text/html");
        }
        put("site", "big.bin", random(5 << 20, 4), "application/octet-stream");
        String arn = registered("site");
        int registration = proxy.count(objectGet("site"));
        S3VaultsTest.backupNow(backup, "buckets", arn, null);
        int before = proxy.count(objectGet("site"));
        assertThat(before - registration).as("the first backup reads every object").isEqualTo(21);

        put("site", "pages/3.html", "page 3, edited".getBytes(), "text/html");
        put("site", "pages/new.html", "a new page".getBytes(), "text/html");
        String second = S3VaultsTest.backupNow(backup, "buckets", arn, null);
        assertThat(proxy.count(objectGet("site")) - before).as("only the changed and the new object are read")
                .isEqualTo(2);
        assertThat(proxy.count("GET /site/pages/3\\.html(\\?x-id=GetObject)? HTTP/1\\.1")).isEqualTo(2);

        assertRestored(second, Map.of("DestinationBucketName", "site-restored", "NewBucket", "true"));
        assertSameObjects("site", "site-restored", List.of());
    }

    @Test
    void aRestoreTestOfTheBucketPassesThoughS3proxyListsItsDirectoriesAsKeys() throws Exception {
        s3.createBucket(r -> r.bucket("tested"));
        put("tested", "a.txt", "first".getBytes(), "text/plain");
        put("tested", "docs/a.txt", "a".getBytes(), "text/plain");
        put("tested", "docs/deep/b.bin", random(2 << 20, 5), "application/octet-stream");
        String arn = registered("tested");
        S3VaultsTest.backupNow(backup, "buckets", arn, null);
        String planArn = RestoreTestingTest.createPlan("proxy_check", "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\","
                + "\"IncludeVaults\":[\"*\"],\"RecoveryPointTypes\":[\"SNAPSHOT\"]}", "rate(1 day)");
        RestoreTestingTest.createSelection("proxy_check", "tested_bucket", "S3", ",\"ProtectedResourceArns\":[\""
                + arn + "\"]");

        RestoreTestingTest.setClock(RestoreTestingTest.now().plus(Duration.ofDays(1)).plusSeconds(1));
        JsonNode test = RestoreTestingTest.settledTests(planArn, 1).getFirst();
        assertThat(test.get("Status").asString()).as(test.toString()).isEqualTo("COMPLETED");
        assertThat(test.get("ValidationStatus").asString()).as(test.toString()).isEqualTo("SUCCESSFUL");
        assertThat(test.get("DeletionStatus").asString()).as(test.toString()).isEqualTo("SUCCESSFUL");
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
                .noneMatch(name -> name.startsWith("hokan-rt-"));
    }

    /** The object's Content-Encoding without the aws-chunked s3proxy adds to objects uploaded in chunks. */
    private static String ownEncoding(HeadObjectResponse object) {
        return object.contentEncoding() == null ? null : object.contentEncoding().replace(",aws-chunked", "");
    }

    /** A GET of an object of {@code bucket} (not a listing, not its tags). */
    private static String objectGet(String bucket) {
        return "GET /" + bucket + "/[^ ?]+(\\?x-id=GetObject)? HTTP/1\\.1";
    }

    private static String registered(String bucket) {
        HttpResponse<String> response = register(bucket, bucket, secret.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ARN + bucket;
    }

    private static DescribeRestoreJobResponse assertRestored(String point, Map<String, String> metadata) {
        String id = backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(metadata)).restoreJobId();
        DescribeRestoreJobResponse restore = awaitRestoreOn(backup, id);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        return restore;
    }

    /**
     * Every object of {@code source} under the prefixes (all when none) is in {@code copy}, alike, and nothing else;
     * keys ending in / are s3proxy's directories, not objects.
     */
    private static void assertSameObjects(String source, String copy, List<String> prefixes) {
        Map<String, S3Object> expected = new HashMap<>();
        s3.listObjectsV2Paginator(r -> r.bucket(source)).contents().stream()
                .filter(o -> !o.key().endsWith("/"))
                .filter(o -> prefixes.isEmpty() || prefixes.stream().anyMatch(o.key()::startsWith))
                .forEach(o -> expected.put(o.key(), o));
        List<String> copied = s3.listObjectsV2Paginator(r -> r.bucket(copy)).contents().stream().map(S3Object::key)
                .filter(key -> !key.endsWith("/")).toList();
        assertThat(copied).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String key : expected.keySet()) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket(copy).key(key)).asByteArray()).as(key)
                    .isEqualTo(s3.getObjectAsBytes(r -> r.bucket(source).key(key)).asByteArray());
            HeadObjectResponse original = s3.headObject(r -> r.bucket(source).key(key));
            HeadObjectResponse restored = s3.headObject(r -> r.bucket(copy).key(key));
            assertThat(restored.contentType()).as(key).isEqualTo(original.contentType());
            assertThat(restored.cacheControl()).as(key).isEqualTo(original.cacheControl());
            assertThat(ownEncoding(restored)).as(key).isEqualTo(ownEncoding(original)).isEqualTo("identity");
            assertThat(restored.metadata()).as(key).isEqualTo(original.metadata());
        }
    }
}
