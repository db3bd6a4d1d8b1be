package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.storage.s3.testing.S3ProxyProcess;
import dev.hokan.storage.s3.testing.S3Server;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bucket restore whose server stopped goes on at the next start into the bucket its first run created: the objects
 * its checkpoint covers that are there with their size are left as they are, the others written again.
 */
class S3BucketResumeTest {
    @TempDir
    Path dir;

    @Test
    void aBucketRestoreTakenOverKeepsTheObjectsItsCheckpointCoversAndWritesTheRest() throws Exception {
        Path data = dir.resolve("data");
        try (S3ProxyProcess s3proxy = S3ProxyProcess.start(dir.resolve("s3proxy")); S3Client s3 = s3proxy.client()) {
            Path secret = Files.writeString(dir.resolve("s3-secret"), S3Server.SECRET_ACCESS_KEY + "\n");
            s3.createBucket(r -> r.bucket("shelf"));
            // walked in key order: a.txt, b.txt, then c/d.bin
            Map<String, byte[]> objects = new TreeMap<>(Map.of("a.txt", random(1000, 1), "b.txt", random(2000, 2),
                    "c/d.bin", random(3 << 20, 3)));
            objects.forEach((key, content) -> s3.putObject(r -> r.bucket("shelf").key(key),
                    RequestBody.fromBytes(content)));
            String point;
            try (TestServer first = TestServer.start(data)) {
                first.backup.createBackupVault(r -> r.backupVaultName("buckets"));
                HttpResponse<String> registered = first.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":"
                        + "\"S3\",\"ResourceName\":\"shelf\",\"Endpoint\":\"" + s3proxy.endpoint() + "\",\"Bucket\":"
                        + "\"shelf\",\"Region\":\"us-east-1\",\"AccessKeyId\":\"" + S3Server.ACCESS_KEY_ID + "\","
                        + "\"SecretAccessKeyFile\":\"" + secret + "\",\"Tags\":{}}");
                assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
                point = S3VaultsTest.backupNow(first.backup, "buckets", "arn:aws:hokan:us-east-1:000000000000:s3/shelf",
                        null);
            }

            // what a first run into a new bucket left when its server stopped: it had recorded a.txt and b.txt complete
            // (b.txt was replaced since), and had not written c/d.bin
            s3.createBucket(r -> r.bucket("shelf-restored"));
            byte[] sameSize = random(1000, 9);
            s3.putObject(r -> r.bucket("shelf-restored").key("a.txt"), RequestBody.fromBytes(sameSize));
            s3.putObject(r -> r.bucket("shelf-restored").key("b.txt"), RequestBody.fromBytes(random(10, 4)));
            String jobId = InterruptedRestores.leftRunning(data, point, Map.of("DestinationBucketName",
                    "shelf-restored", "NewBucket", "true", "Overwrite", "true"), 2);

            try (TestServer second = TestServer.start(data)) {
                DescribeRestoreJobResponse done = BackupRestoreTest.awaitRestoreOn(second.backup, jobId);
                assertThat(done.statusAsString()).as(done.statusMessage()).isEqualTo("COMPLETED");
                assertThat(done.statusMessage()).startsWith("Resumed after the node running it stopped: of the 2 ");
            }
            assertThat(s3.getObjectAsBytes(r -> r.bucket("shelf-restored").key("a.txt")).asByteArray())
                    .as("covered by the checkpoint and there with its size: left as it is").isEqualTo(sameSize);
            for (String key : new String[]{"b.txt", "c/d.bin"}) {
                assertThat(s3.getObjectAsBytes(r -> r.bucket("shelf-restored").key(key)).asByteArray()).as(key)
                        .isEqualTo(objects.get(key));
            }
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
