package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recovery points moving to their vault's cold tier on the server's clock, restored from it and deleted from it.
 * The server has one job worker, so that a long backup can hold a restore back.
 */
class ColdStorageTest {
    static final Lifecycle COLD_AFTER_A_DAY = Lifecycle.builder().moveToColdStorageAfterDays(1L)
            .deleteAfterDays(400L).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static TestServer hokan;
    static BackupClient backup;

    @BeforeAll
    static void startServer() {
        hokan = TestServer.start(dir.resolve("data"), 1);
        backup = hokan.backup;
    }

    @AfterAll
    static void stopServer() throws Exception {
        hokan.close();
    }

    @Test
    void aPointMovedToColdRestoresByteForByteAndTheWarmPointSharingItsDataKeepsIt() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("tiers"));
        byte[] onlyInTheFirst = new byte[8 * 1024 * 1024];
        new Random(22).nextBytes(onlyInTheFirst);
        Path source = Trees.sample(dir.resolve("tiered"), 21);
        Files.write(source.resolve("only-in-the-first.bin"), onlyInTheFirst);
        Path asFirstBackedUp = Trees.sample(dir.resolve("tiered-first"), 21);
        Files.write(asFirstBackedUp.resolve("only-in-the-first.bin"), onlyInTheFirst);
        String arn = hokan.registerDirectory("tiered", source, "{}");
        String first = backupNow("tiers", arn, COLD_AFTER_A_DAY);
        Files.delete(source.resolve("only-in-the-first.bin"));
        Files.writeString(source.resolve("README.txt"), "changed after the first backup");
        String second = backupNow("tiers", arn, null);
        long warmBytes = bytesUnder(hokan.dataDir.resolve("vaults/tiers/data"));

        hokan.advanceClock(Duration.ofDays(1));
        hokan.awaitColdStorage();

        assertThat(storageClassOf("tiers", first)).isEqualTo("COLD");
        assertThat(storageClassOf("tiers", second)).isEqualTo("WARM");
        assertThat(bytesUnder(hokan.dataDir.resolve("vaults/tiers/data")))
                .as("the data only the moved point used is freed from the warm tier")
                .isLessThan(warmBytes - onlyInTheFirst.length / 2);
        assertThat(coldTierSnapshots("tiers")).singleElement()
                .satisfies(s -> assertThat(s.resource()).isEqualTo(arn));

        DescribeRestoreJobResponse warmRestore = restore(second, dir.resolve("second-restored"));
        assertThat(warmRestore.status()).as(warmRestore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(warmRestore.statusMessage()).isNull();
        Trees.assertSameTree(source, dir.resolve("second-restored"));
        DescribeRestoreJobResponse coldRestore = restore(first, dir.resolve("first-restored"));
        assertThat(coldRestore.status()).as(coldRestore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(coldRestore.statusMessage()).contains("read back from cold storage");
        Trees.assertSameTree(asFirstBackedUp, dir.resolve("first-restored"));

        List<JsonNode> moved = events("RecoveryPointMovedToColdStorage", first);
        assertThat(moved).hasSize(1);
        assertThat(moved.getFirst().get("Actor").asString()).isEqualTo("hokan.service");
        assertThat(moved.getFirst().get("Details").get("StorageClass").asString()).isEqualTo("COLD");
        assertThat(moved.getFirst().get("Details").get("BackupVaultName").asString()).isEqualTo("tiers");

        assertThatThrownBy(() -> backup.deleteBackupVault(r -> r.backupVaultName("tiers")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("contains recovery points");
        backup.deleteRecoveryPoint(r -> r.backupVaultName("tiers").recoveryPointArn(first));
        awaitGone("tiers", first);
        assertThat(coldTierSnapshots("tiers")).isEmpty();
        assertThat(bytesUnder(hokan.dataDir.resolve("vaults-cold/tiers/data")))
                .as("the cold point's data is freed").isZero();
        assertThat(events("BackupDeleted", first)).hasSize(1);

        backup.deleteRecoveryPoint(r -> r.backupVaultName("tiers").recoveryPointArn(second));
        awaitGone("tiers", second);
        backup.deleteBackupVault(r -> r.backupVaultName("tiers"));
        assertThat(hokan.dataDir.resolve("vaults/tiers")).doesNotExist();
        assertThat(hokan.dataDir.resolve("vaults-cold/tiers")).doesNotExist();
    }

    @Test
    void aPointBeingRestoredMovesOnlyOnceTheRestoreHasFinished() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("held-back"));
        String arn = hokan.registerDirectory("held-back", Trees.sample(dir.resolve("held-back"), 23), "{}");
        String point = backupNow("held-back", arn, COLD_AFTER_A_DAY);
        String busy = hokan.registerDirectory("busy", bigSource(), "{}");
        String longBackup = backup.startBackupJob(r -> r.backupVaultName("held-back").resourceArn(busy)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() ->
                backup.describeBackupJob(r -> r.backupJobId(longBackup)).state() == BackupJobState.RUNNING);
        String restoreId;
        try {
            restoreId = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                    .metadata(Map.of("TargetPath", dir.resolve("held-back-restored").toString()))).restoreJobId();
            assertThat(backup.describeRestoreJob(r -> r.restoreJobId(restoreId)).status())
                    .as("the only worker is busy").isEqualTo(RestoreJobStatus.PENDING);

            hokan.advanceClock(Duration.ofDays(1));
            hokan.awaitColdStorage();
            assertThat(storageClassOf("held-back", point)).isEqualTo("WARM");
        } finally {
            backup.stopBackupJob(r -> r.backupJobId(longBackup));
        }
        DescribeRestoreJobResponse restored = awaitRestore(restoreId);
        assertThat(restored.status()).as(restored.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(restored.statusMessage()).isNull();
        hokan.advanceClock(Duration.ofMinutes(1));
        hokan.awaitColdStorage();
        assertThat(storageClassOf("held-back", point)).isEqualTo("COLD");
    }

    @Test
    void aPointWhoseRetentionEndsBeforeItMovedIsDeletedNotMoved() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("short-lived-cold"));
        String arn = hokan.registerDirectory("short-lived-cold", Trees.sample(dir.resolve("short-lived"), 24), "{}");
        String point = backupNow("short-lived-cold", arn, Lifecycle.builder().moveToColdStorageAfterDays(1L)
                .deleteAfterDays(91L).build());

        hokan.advanceClock(Duration.ofDays(100));
        hokan.awaitColdStorage();
        awaitGone("short-lived-cold", point);
        assertThat(events("RecoveryPointExpired", point)).hasSize(1);
        assertThat(events("RecoveryPointMovedToColdStorage", point)).isEmpty();
        assertThat(hokan.dataDir.resolve("vaults-cold/short-lived-cold")).doesNotExist();
    }

    static String backupNow(String vault, String resourceArn, Lifecycle lifecycle) {
        String job = backup.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(lifecycle)).backupJobId();
        var done = BackupRestoreTest.awaitBackupOn(backup, job);
        assertThat(done.state()).as(done.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return done.recoveryPointArn();
    }

    private static DescribeRestoreJobResponse restore(String pointArn, Path target) {
        return awaitRestore(backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId());
    }

    private static DescribeRestoreJobResponse awaitRestore(String jobId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            RestoreJobStatus s = backup.describeRestoreJob(r -> r.restoreJobId(jobId)).status();
            return s == RestoreJobStatus.COMPLETED || s == RestoreJobStatus.FAILED || s == RestoreJobStatus.ABORTED;
        });
        return backup.describeRestoreJob(r -> r.restoreJobId(jobId));
    }

    private static void awaitGone(String vault, String pointArn) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                backup.describeRecoveryPoint(r -> r.backupVaultName(vault).recoveryPointArn(pointArn));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            }
        });
    }

    private static String storageClassOf(String vault, String pointArn) {
        return backup.describeRecoveryPoint(r -> r.backupVaultName(vault).recoveryPointArn(pointArn))
                .storageClassAsString();
    }

    /** The events of one type about one resource, through the extension API. */
    private static List<JsonNode> events(String type, String resourceArn) {
        var response = hokan.signed("GET", "/hokan/v1/events?type=" + type + "&maxResults=1000", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : JSON.readTree(response.body()).get("Events")) {
            if (event.get("ResourceArn").asString().equals(resourceArn)) {
                matching.add(event);
            }
        }
        return matching;
    }

    /** The cold tier read as the ordinary vault it is, the way {@code hokan vault list} reads it. */
    private static List<SnapshotInfo> coldTierSnapshots(String vault) throws IOException {
        try (Vault cold = Vault.open(new LocalBlobStore(hokan.dataDir.resolve("vaults-cold").resolve(vault)),
                MasterKey.load(hokan.dataDir.resolve("master.key")), dir.resolve("test-cache"))) {
            return cold.snapshots();
        }
    }

    static long bytesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** A source whose backup takes many seconds (a 16 GiB sparse file, read and hashed in full) at no disk cost. */
    private static Path bigSource() throws IOException {
        Path source = Files.createDirectories(dir.resolve("big"));
        try (var sparse = new java.io.RandomAccessFile(source.resolve("sparse.img").toFile(), "rw")) {
            sparse.setLength(16L << 30);
        }
        return source;
    }
}
