package dev.hokan.api;

import static dev.hokan.api.BackupRestoreTest.awaitRestoreOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.storage.s3.testing.MotoServer;
import dev.hokan.storage.s3.testing.S3Server;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Object tags through a bucket's backup and restore, on moto's S3 server (s3proxy implements no tagging): a small
 * object written by one PUT and a large one by a multipart upload then a copy get their tags and metadata back.
 */
class S3BucketTagsTest extends ServerTestBase {
    private static MotoServer moto;
    private static S3Client s3;

    @BeforeAll
    static void startMoto() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here (./run-tests installs it)");
        moto = MotoServer.start(MotoServer.command().orElseThrow());
        s3 = moto.client();
        backup.createBackupVault(r -> r.backupVaultName("tagged"));
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            s3.close();
            moto.close();
        }
    }

    @Test
    void tagsAndMetadataComeBackOnSmallAndLargeObjects() throws Exception {
        s3.createBucket(r -> r.bucket("media"));
        byte[] large = new byte[9 << 20];
        new SplittableRandom(5).nextBytes(large);
        Map<String, byte[]> objects = Map.of("notes/a.txt", "tagged text".getBytes(), "video/b.bin", large);
        objects.forEach((key, content) -> s3.putObject(r -> r.bucket("media").key(key).contentType("text/x-test")
                .metadata(Map.of("owner", "ana")).tagging("env=prod&team=media"), RequestBody.fromBytes(content)));
        Path secret = Files.writeString(dir.resolve("moto-secret"), S3Server.SECRET_ACCESS_KEY);
        HttpResponse<String> registered = hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"S3\","
                + "\"ResourceName\":\"media\",\"Endpoint\":\"" + moto.endpoint() + "\",\"Bucket\":\"media\","
                + "\"AccessKeyId\":\"" + S3Server.ACCESS_KEY_ID + "\",\"SecretAccessKeyFile\":\"" + secret + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

        String point = S3VaultsTest.backupNow(backup, "tagged", "arn:aws:hokan:us-east-1:000000000000:s3/media", null);
        String id = backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of(
                "DestinationBucketName", "media-restored", "NewBucket", "true"))).restoreJobId();
        DescribeRestoreJobResponse restore = awaitRestoreOn(backup, id);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);

        for (var object : objects.entrySet()) {
            String key = object.getKey();
            assertThat(s3.getObjectAsBytes(r -> r.bucket("media-restored").key(key)).asByteArray()).as(key)
                    .isEqualTo(object.getValue());
            var head = s3.headObject(r -> r.bucket("media-restored").key(key));
            assertThat(head.contentType()).as(key).isEqualTo("text/x-test");
            assertThat(head.metadata()).as(key).isEqualTo(Map.of("owner", "ana"));
            List<Tag> tags = s3.getObjectTagging(r -> r.bucket("media-restored").key(key)).tagSet();
            assertThat(tags).as(key).containsExactlyInAnyOrder(Tag.builder().key("env").value("prod").build(),
                    Tag.builder().key("team").value("media").build());
        }
    }
}
