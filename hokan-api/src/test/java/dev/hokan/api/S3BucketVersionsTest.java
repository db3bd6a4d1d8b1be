package dev.hokan.api;

import static dev.hokan.api.BackupRestoreTest.awaitRestoreOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hokan.storage.s3.testing.MotoServer;
import dev.hokan.storage.s3.testing.S3Server;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreSink;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket with versioning on (moto, reached through a counting proxy): a backup keeps every version and delete
 * marker, a second one reads only the version that is new, and a restore writes the objects current at the backup,
 * as AWS Backup restores S3.
 */
class S3BucketVersionsTest extends ServerTestBase {
    private static final String BUCKET = "history";
    private static MotoServer moto;
    private static CountingTcpProxy proxy;
    private static S3Client s3;

    @BeforeAll
    static void startS3() throws Exception {
        assumeTrue(MotoServer.command().isPresent(), "moto_server is not installed here: versions are not tested");
        moto = MotoServer.start(MotoServer.command().orElseThrow());
        proxy = new CountingTcpProxy(moto.endpoint().getPort());
        s3 = moto.client();
        backup.createBackupVault(r -> r.backupVaultName("versions"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (moto != null) {
            s3.close();
            proxy.close();
            moto.close();
        }
    }

    private static String put(String key, String content) {
        return s3.putObject(r -> r.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromString(content))
                .versionId();
    }

    /** GETs of an object's bytes, by key or by version (not listings, not tags). */
    private static int objectGets() {
        return proxy.count("GET /" + BUCKET + "/[^ ?]+(\\?(versionId=[^ &]+)?&?(x-id=GetObject)?)? HTTP/1\\.1");
    }

    @Test
    void everyVersionAndDeleteMarkerIsKeptAndTheObjectsCurrentAtTheBackupAreRestored() throws Exception {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String a1 = put("docs/a.txt", "a, first");
        put("docs/a.txt", "a, second");
        String b1 = put("b.txt", "b, deleted later");
        String marker = s3.deleteObject(r -> r.bucket(BUCKET).key("b.txt")).versionId();
        put("c.txt", "c");
        Path secret = Files.writeString(dir.resolve("moto-secret"), S3Server.SECRET_ACCESS_KEY + "\n");
        HttpResponse<String> registered = hokan.signed("POST", "/hokan/v1/resources", "{\"ResourceType\":\"S3\","
                + "\"ResourceName\":\"history\",\"Endpoint\":\"" + proxy.endpoint() + "\",\"Bucket\":\"" + BUCKET
                + "\",\"AccessKeyId\":\"" + S3Server.ACCESS_KEY_ID + "\",\"SecretAccessKeyFile\":\"" + secret + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String arn = "arn:aws:hokan:us-east-1:000000000000:s3/history";

        int before = objectGets();
        S3VaultsTest.backupNow(backup, "versions", arn, null);
        int afterFirst = objectGets();
        assertThat(afterFirst - before).as("the four versions are read; a delete marker has no bytes").isEqualTo(4);

        put("docs/a.txt", "a, third");
        String second = S3VaultsTest.backupNow(backup, "versions", arn, null);
        assertThat(objectGets() - afterFirst).as("only the new version is read").isEqualTo(1);

        Path kept = dir.resolve("kept");
        try (Vault vault = Vault.open(new LocalBlobStore(dir.resolve("data/vaults/versions")),
                MasterKey.load(dir.resolve("data/master.key")), dir.resolve("reader-cache"))) {
            String snapshot = vault.snapshots().stream().max((x, y) -> x.time().compareTo(y.time())).orElseThrow().id();
            vault.restore(new RestoreRequest(snapshot, RestoreSink.directory(kept)));
        }
        assertThat(kept.resolve("docs/a.txt")).hasContent("a, third");
        assertThat(kept.resolve(".hokan-s3-versions/docs/a.txt/" + a1)).hasContent("a, first");
        assertThat(Files.list(kept.resolve(".hokan-s3-versions/docs/a.txt"))).hasSize(2);
        assertThat(kept.resolve(".hokan-s3-versions/b.txt/" + b1)).hasContent("b, deleted later");
        assertThat(kept.resolve(".hokan-s3-versions/b.txt/" + marker)).isEmptyFile();
        assertThat(kept.resolve("b.txt")).doesNotExist();

        String id = backup.startRestoreJob(r -> r.recoveryPointArn(second).metadata(Map.of(
                "DestinationBucketName", "history-restored", "NewBucket", "true"))).restoreJobId();
        DescribeRestoreJobResponse restore = awaitRestoreOn(backup, id);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(s3.listObjectsV2Paginator(r -> r.bucket("history-restored")).contents())
                .extracting(S3Object::key).containsExactlyInAnyOrder("docs/a.txt", "c.txt");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("history-restored").key("docs/a.txt")).asUtf8String())
                .isEqualTo("a, third");
    }
}
