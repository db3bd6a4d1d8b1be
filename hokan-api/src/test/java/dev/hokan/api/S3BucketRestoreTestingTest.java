package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.engine.restoretest.RestoreTestResult;
import dev.hokan.storage.s3.testing.MotoServer;
import dev.hokan.storage.s3.testing.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.backup.model.RestoreJobsListMember;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restore tests of S3 bucket resources through the real server, on the manual clock, against moto's S3 server: a plan's
 * run restores the bucket's point into a scratch bucket of its own, checks the object count and each object's ETag
 * (or MD5) against what the point recorded, deletes the scratch bucket and records RPO and RTO; a damaged pack fails
 * the test naming the damage, and its scratch bucket is deleted too.
 */
class S3BucketRestoreTestingTest extends ServerTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ARN = "arn:aws:hokan:us-east-1:000000000000:s3/";
    private static MotoServer moto;
    private static S3Client s3;
    private static Path secret;

    @BeforeAll
    static void startMoto() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here (./run-tests installs it)");
        moto = MotoServer.start(MotoServer.command().orElseThrow());
        s3 = moto.client();
        secret = Files.writeString(dir.resolve("moto-secret"), S3Server.SECRET_ACCESS_KEY);
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            s3.close();
            moto.close();
        }
    }

    private static String registered(String bucket) {
        return registered(bucket, moto.endpoint(), S3Server.ACCESS_KEY_ID, secret);
    }

    private static String registered(String bucket, URI endpoint, String accessKeyId, Path secretFile) {
        HttpResponse<String> response = hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"S3\","
                + "\"ResourceName\":\"" + bucket + "\",\"Endpoint\":\"" + endpoint + "\",\"Bucket\":\"" + bucket
                + "\",\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKeyFile\":\"" + secretFile + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ARN + bucket;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Uploads {@code content} in parts of 5 MiB, so that its ETag is a multipart one, not an MD5. */
    private static void putInParts(String bucket, String key, byte[] content) {
        String upload = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int part = 5 << 20;
        for (int offset = 0, number = 1; offset < content.length; offset += part, number++) {
            int n = number;
            byte[] piece = Arrays.copyOfRange(content, offset, Math.min(content.length, offset + part));
            String eTag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(upload).partNumber(n),
                    RequestBody.fromBytes(piece)).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(eTag).build());
        }
        s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(upload)
                .multipartUpload(u -> u.parts(parts)));
    }

    private static String planOver(String name, String vault, String resource, String schedule) throws Exception {
        String planArn = RestoreTestingTest.createPlan(name, "{\"Algorithm\":\"LATEST_WITHIN_WINDOW\",\"IncludeVaults\":"
                + "[\"arn:aws:backup:us-east-1:000000000000:backup-vault:" + vault + "\"],\"RecoveryPointTypes\":"
                + "[\"SNAPSHOT\"]}", schedule);
        RestoreTestingTest.createSelection(name, name + "_buckets", "S3", ",\"ProtectedResourceArns\":[\""
                + resource + "\"]");
        return planArn;
    }

    /**
     * Makes {@code bucket} with the objects, registers it, backs it up into the vault BUCKET-points and plans its
     * restore tests daily; returns the plan's ARN.
     */
    private static String backedUpAndPlanned(String bucket, Map<String, byte[]> objects) throws Exception {
        s3.createBucket(r -> r.bucket(bucket));
        objects.forEach((key, content) -> s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content)));
        String resource = registered(bucket);
        backup.createBackupVault(r -> r.backupVaultName(bucket + "-points"));
        S3VaultsTest.backupNow(backup, bucket + "-points", resource, null);
        return planOver(bucket + "_check", bucket + "-points", resource, "rate(1 day)");
    }

    /** The scratch bucket the test's restore metadata names. */
    private static String scratchBucket(String restoreJobId) {
        JsonNode metadata = hokan.signed("GET", "/restore-jobs/" + restoreJobId + "/metadata", null).body()
                .transform(JSON::readTree).get("Metadata");
        assertThat(metadata.get("NewBucket").asString()).isEqualTo("true");
        return metadata.get("DestinationBucketName").asString();
    }

    private static void assertGone(String bucket) {
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(bucket))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void aPlanOverABucketRestoresItIntoAScratchBucketChecksItsObjectsDeletesItAndRecordsRpoAndRto() throws Exception {
        s3.createBucket(r -> r.bucket("shop"));
        for (int i = 0; i < 12; i++) {
            int n = i;
            s3.putObject(r -> r.bucket("shop").key("pages/" + n + ".html").contentType("text/html"),
                    RequestBody.fromString("page " + n));
        }
        s3.putObject(r -> r.bucket("shop").key("empty"), RequestBody.fromBytes(new byte[0]));
        s3.putObject(r -> r.bucket("shop").key("media/large.bin"), RequestBody.fromBytes(random(9 << 20, 1)));
        putInParts("shop", "media/parts.bin", random(11 << 20, 2));
        assertThat(s3.headObject(r -> r.bucket("shop").key("media/parts.bin")).eTag()).endsWith("-3\"");
        String resource = registered("shop");

        Instant madeAt = RestoreTestingTest.tomorrowInBerlin("01:00");
        Instant firing = RestoreTestingTest.tomorrowInBerlin("06:00");
        RestoreTestingTest.setClock(madeAt);
        backup.createBackupVault(r -> r.backupVaultName("shop-points"));
        String point = S3VaultsTest.backupNow(backup, "shop-points", resource, null);
        String planArn = planOver("bucket_check", "shop-points", resource, "cron(0 6 ? * * *)");

        RestoreTestingTest.setClock(firing.plusSeconds(30));
        JsonNode test = RestoreTestingTest.settledTests(planArn, 1).getFirst();
        String jobId = test.get("RestoreJobId").asString();
        assertThat(test.get("Status").asString()).as(test.toString()).isEqualTo("COMPLETED");
        assertThat(test.get("RecoveryPointArn").asString()).isEqualTo(point);
        assertThat(test.get("ValidationStatus").asString()).as(test.toString()).isEqualTo("SUCCESSFUL");
        assertThat(test.get("DeletionStatus").asString()).isEqualTo("SUCCESSFUL");
        assertThat(test.has("CreatedResourceArn")).as("a scratch bucket is no resource").isFalse();
        String scratch = scratchBucket(jobId);
        assertThat(scratch).isEqualTo("hokan-rt-" + jobId.toLowerCase(Locale.ROOT));
        assertGone(scratch);
        assertThat(Path.of(RestoreTestingTest.scratchTarget(jobId))).doesNotExist();
        assertThat(s3.listObjectsV2(r -> r.bucket("shop")).keyCount()).as("the source is untouched").isEqualTo(15);

        List<RestoreTestResult> measured = hokan.server.engine().restoreTesting()
                .results(madeAt, firing.plus(Duration.ofHours(1)));
        assertThat(measured).filteredOn(m -> m.restoreTestingPlanArn().equals(planArn)).singleElement().satisfies(m -> {
            assertThat(m.resourceType()).isEqualTo("S3");
            assertThat(m.validationStatus()).isEqualTo("SUCCESSFUL");
            assertThat(m.rpo()).isEqualTo(Duration.ofHours(5).plusSeconds(30));
            assertThat(m.rto()).isPositive().isLessThan(Duration.ofMinutes(3));
        });
        assertThat(backup.listRestoreJobs(r -> r.byRestoreTestingPlanArn(planArn)).restoreJobs()).singleElement()
                .satisfies(j -> assertThat(j.createdBy().restoreTestingPlanArn()).isEqualTo(planArn));
    }

    @Test
    void objectsThatDifferFromThePointFailTheTestNamingTheirKeys() throws Exception {
        String planArn = backedUpAndPlanned("archive", Map.of("a/first.txt", "as backed up".getBytes(),
                "z/big.bin", random(64 << 20, 4)));

        RestoreTestingTest.setClock(RestoreTestingTest.now().plus(Duration.ofDays(1)).plusSeconds(1));
        String[] bucket = new String[1];
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<RestoreJobsListMember> jobs = backup.listRestoreJobs(r -> r.byRestoreTestingPlanArn(planArn))
                    .restoreJobs();
            jobs.forEach(j -> bucket[0] = "hokan-rt-" + j.restoreJobId().toLowerCase(Locale.ROOT));
            return !jobs.isEmpty();
        });
        // while the restore writes the large object, another writer changes the small one it wrote, and adds one
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
                .until(() -> s3.headObject(r -> r.bucket(bucket[0]).key("a/first.txt")).contentLength() > 0);
        s3.putObject(r -> r.bucket(bucket[0]).key("a/first.txt"), RequestBody.fromString("changed afterwards"));
        s3.putObject(r -> r.bucket(bucket[0]).key("intruder.txt"), RequestBody.fromString("not in the point"));

        JsonNode test = RestoreTestingTest.settledTests(planArn, 1).getFirst();
        assertThat(test.get("Status").asString()).as(test.toString()).isEqualTo("COMPLETED");
        assertThat(test.get("ValidationStatus").asString()).as(test.toString()).isEqualTo("FAILED");
        assertThat(test.get("ValidationStatusMessage").asString())
                .startsWith("The restored bucket holds 3 object(s), the recovery point 2: ")
                .contains("a/first.txt: ETag ").contains("(the ETag recorded at backup)")
                .contains("intruder.txt: not in the recovery point");
        assertThat(test.get("DeletionStatus").asString()).as(test.toString()).isEqualTo("SUCCESSFUL");
        assertGone(bucket[0]);
    }

    @Test
    void aKeyThatMayNotCreateBucketsFailsTheTestWithS3sAnswer() throws Exception {
        try (MotoServer guarded = MotoServer.start(MotoServer.command().orElseThrow())) {
            try (S3Client owner = guarded.client()) {
                owner.createBucket(r -> r.bucket("guarded"));
                owner.putObject(r -> r.bucket("guarded").key("a.txt"), RequestBody.fromString("guarded"));
            }
            // a user of moto's IAM that may do anything in S3 but create buckets; then moto checks every request
            Process iam = new ProcessBuilder("python3", "-c", "import boto3, json\n"
                    + "iam = boto3.client('iam', endpoint_url='" + guarded.endpoint() + "', region_name='us-east-1',"
                    + " aws_access_key_id='" + S3Server.ACCESS_KEY_ID + "', aws_secret_access_key='"
                    + S3Server.SECRET_ACCESS_KEY + "')\n"
                    + "iam.create_user(UserName='reader')\n"
                    + "iam.put_user_policy(UserName='reader', PolicyName='no-new-buckets', PolicyDocument=json.dumps("
                    + "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'},"
                    + " {'Effect': 'Deny', 'Action': 's3:CreateBucket', 'Resource': '*'}]}))\n"
                    + "key = iam.create_access_key(UserName='reader')['AccessKey']\n"
                    + "print(key['AccessKeyId'], key['SecretAccessKey'])\n").redirectErrorStream(true).start();
            String[] key = new String(iam.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
            assertThat(iam.waitFor()).as(String.join(" ", key)).isZero();
            HttpResponse<String> auth = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    guarded.endpoint().resolve("/moto-api/reset-auth")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("0")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(auth.statusCode()).as(auth.body()).isEqualTo(200);
            String resource = registered("guarded", guarded.endpoint(), key[0],
                    Files.writeString(dir.resolve("reader-secret"), key[1]));
            backup.createBackupVault(r -> r.backupVaultName("guarded-points"));
            S3VaultsTest.backupNow(backup, "guarded-points", resource, null);
            String planArn = planOver("guarded_check", "guarded-points", resource, "rate(1 day)");

            RestoreTestingTest.setClock(RestoreTestingTest.now().plus(Duration.ofDays(1)).plusSeconds(1));
            JsonNode test = RestoreTestingTest.settledTests(planArn, 1).getFirst();
            String scratch = scratchBucket(test.get("RestoreJobId").asString());
            assertThat(test.get("Status").asString()).isEqualTo("FAILED");
            assertThat(test.get("ValidationStatus").asString()).isEqualTo("FAILED");
            assertThat(test.get("ValidationStatusMessage").asString()).as(test.toString()).contains("Bucket s3://"
                    + scratch + " at " + guarded.endpoint() + " could not be created: HTTP 403 AccessDenied");
            assertThat(test.get("DeletionStatus").asString()).as(test.toString()).isEqualTo("SUCCESSFUL");
        }
    }

    @Test
    void aDamagedPackFailsTheTestNamingTheDamageAndItsScratchBucketIsDeleted() throws Exception {
        String planArn = backedUpAndPlanned("ledger", Map.of("small.txt", "a small object".getBytes(),
                "big.bin", random(3 << 20, 3)));
        Path pack = RestoreTestingTest.damageLargestPack("ledger-points");

        RestoreTestingTest.setClock(RestoreTestingTest.now().plus(Duration.ofDays(1)).plusSeconds(1));
        JsonNode test = RestoreTestingTest.settledTests(planArn, 1).getFirst();
        assertThat(test.get("Status").asString()).isEqualTo("FAILED");
        assertThat(test.get("ValidationStatus").asString()).isEqualTo("FAILED");
        assertThat(test.get("ValidationStatusMessage").asString()).as(test.toString())
                .contains("in pack " + pack.getFileName());
        assertThat(test.get("DeletionStatus").asString()).as(test.toString()).isEqualTo("SUCCESSFUL");
        assertGone(scratchBucket(test.get("RestoreJobId").asString()));
        assertThat(backup.listRestoreJobs(r -> r.byRestoreTestingPlanArn(planArn)).restoreJobs())
                .extracting(RestoreJobsListMember::validationStatusAsString).containsExactly("FAILED");
    }
}
