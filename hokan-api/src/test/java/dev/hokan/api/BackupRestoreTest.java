package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeBackupJobResponse;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.StartBackupJobResponse;

class BackupRestoreTest extends ServerTestBase {
    static final Set<BackupJobState> FINAL = Set.of(BackupJobState.COMPLETED,
            BackupJobState.FAILED, BackupJobState.ABORTED, BackupJobState.EXPIRED, BackupJobState.PARTIAL);

    static DescribeBackupJobResponse awaitBackup(String jobId) {
        return awaitBackupOn(backup, jobId);
    }

    static DescribeBackupJobResponse awaitBackupOn(BackupClient client, String jobId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                FINAL.contains(client.describeBackupJob(r -> r.backupJobId(jobId)).state()));
        return client.describeBackupJob(r -> r.backupJobId(jobId));
    }

    static DescribeRestoreJobResponse awaitRestore(String jobId) {
        return awaitRestoreOn(backup, jobId);
    }

    static DescribeRestoreJobResponse awaitRestoreOn(BackupClient client, String jobId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            RestoreJobStatus s = client.describeRestoreJob(r -> r.restoreJobId(jobId)).status();
            return s == RestoreJobStatus.COMPLETED || s == RestoreJobStatus.FAILED || s == RestoreJobStatus.ABORTED;
        });
        return client.describeRestoreJob(r -> r.restoreJobId(jobId));
    }

    static String backupNow(String vault, String resourceArn, Lifecycle lifecycle) {
        return backupNowOn(backup, vault, resourceArn, lifecycle);
    }

    static String backupNowOn(BackupClient client, String vault, String resourceArn, Lifecycle lifecycle) {
        StartBackupJobResponse started = client.startBackupJob(r -> r.backupVaultName(vault).resourceArn(resourceArn)
                .iamRoleArn(TestServer.ROLE).lifecycle(lifecycle));
        DescribeBackupJobResponse job = awaitBackupOn(client, started.backupJobId());
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        return job.recoveryPointArn();
    }

    @Test
    void backupAndRestoreADirectoryByteForByte() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("round-trip"));
        Path source = Trees.sample(dir.resolve("web"), 1);
        String arn = hokan.registerDirectory("web", source, "{\"env\":\"prod\"}");

        StartBackupJobResponse started = backup.startBackupJob(r -> r.backupVaultName("round-trip").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).lifecycle(Lifecycle.builder().deleteAfterDays(30L).build())
                .recoveryPointTags(Map.of("purpose", "test")));
        assertThat(started.recoveryPointArn()).startsWith("arn:aws:backup:us-east-1:000000000000:recovery-point:");
        DescribeBackupJobResponse job = awaitBackup(started.backupJobId());
        assertThat(job.state()).as(job.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
        assertThat(job.percentDone()).isEqualTo("100.0");
        assertThat(job.backupSizeInBytes()).isGreaterThan(3_000_000L);
        assertThat(job.resourceType()).isEqualTo("Directory");
        assertThat(job.resourceName()).isEqualTo("web");
        assertThat(job.startBy()).isEqualTo(job.creationDate().plus(Duration.ofMinutes(480)));
        assertThat(job.recoveryPointLifecycle().deleteAfterDays()).isEqualTo(30L);

        DescribeRecoveryPointResponse point = backup.describeRecoveryPoint(r -> r.backupVaultName("round-trip")
                .recoveryPointArn(started.recoveryPointArn()));
        assertThat(point.status()).isEqualTo(RecoveryPointStatus.COMPLETED);
        assertThat(point.storageClassAsString()).isEqualTo("WARM");
        assertThat(point.isEncrypted()).isTrue();
        assertThat(point.resourceArn()).isEqualTo(arn);
        assertThat(point.calculatedLifecycle().deleteAt()).isEqualTo(point.creationDate().plus(Duration.ofDays(30)));
        assertThat(point.backupSizeInBytes()).isEqualTo(job.backupSizeInBytes());
        assertThat(backup.listTags(r -> r.resourceArn(started.recoveryPointArn())).tags())
                .containsEntry("purpose", "test");
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("round-trip")).numberOfRecoveryPoints()).isOne();

        var metadata = backup.getRecoveryPointRestoreMetadata(r -> r.backupVaultName("round-trip")
                .recoveryPointArn(started.recoveryPointArn()));
        assertThat(metadata.restoreMetadata()).containsEntry("TargetPath", source.toString())
                .containsEntry("Overwrite", "false").containsKey("FileCount");

        Path target = dir.resolve("restored");
        String restoreId = backup.startRestoreJob(r -> r.recoveryPointArn(started.recoveryPointArn())
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        DescribeRestoreJobResponse restore = awaitRestore(restoreId);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(restore.sourceResourceArn()).isEqualTo(arn);
        Trees.assertSameTree(source, target);

        assertThat(backup.listRestoreJobsByProtectedResource(r -> r.resourceArn(arn)).restoreJobs())
                .extracting(j -> j.restoreJobId()).contains(restoreId);
        var protectedResource = backup.describeProtectedResource(r -> r.resourceArn(arn));
        assertThat(protectedResource.lastRecoveryPointArn()).isEqualTo(started.recoveryPointArn());
        assertThat(protectedResource.latestRestoreJobCreationDate()).isNotNull();
        assertThat(backup.listProtectedResources(r -> r.build()).results()).extracting(p -> p.resourceArn()).contains(arn);
        assertThat(backup.listProtectedResourcesByBackupVault(r -> r.backupVaultName("round-trip")).results())
                .extracting(p -> p.resourceArn()).containsExactly(arn);
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("round-trip")
                .recoveryPointArn(started.recoveryPointArn())).lastRestoreTime()).isNotNull();
    }

    @Test
    void aRestoredDirectoryIsAResourceOfItsOwnWhichTheNextRestoreThereNamesAgain() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("made"));
        Path source = Trees.sample(dir.resolve("made-source"), 5);
        String arn = hokan.registerDirectory("made-source", source, "{\"env\":\"prod\"}");
        String point = backupNow("made", arn, null);

        Path target = dir.resolve("made-target");
        String first = restore(point, Map.of("TargetPath", target.toString()));
        String created = backup.describeRestoreJob(r -> r.restoreJobId(first)).createdResourceArn();
        assertThat(created).isEqualTo("arn:aws:hokan:us-east-1:000000000000:directory/restore-" + first);
        assertThat(hokan.signed("GET", "/hokan/v1/resources", null).body()).as("registered without tags, so that tag"
                + " selections do not pick it up").contains("{\"ResourceArn\":\"" + created + "\",\"ResourceType\":"
                + "\"Directory\",\"ResourceName\":\"restore-" + first + "\",\"Path\":\"" + target + "\"")
                .containsPattern(Pattern.quote(created) + "[^}]*\"Tags\":\\{}");

        String second = restore(point, Map.of("TargetPath", target.toString(), "Overwrite", "true"));
        assertThat(backup.listRestoreJobs(r -> r.build()).restoreJobs()).filteredOn(j -> j.restoreJobId().equals(second))
                .extracting(j -> j.createdResourceArn()).containsExactly(created);
        String intoSource = restore(point, Map.of("Overwrite", "true"));
        assertThat(backup.listRestoreJobsByProtectedResource(r -> r.resourceArn(arn)).restoreJobs())
                .filteredOn(j -> j.restoreJobId().equals(intoSource)).extracting(j -> j.createdResourceArn())
                .as("a restore into a registered directory names that resource").containsExactly(arn);

        backupNow("made", created, null);
        assertThat(backup.describeProtectedResource(r -> r.resourceArn(created)).resourceName())
                .isEqualTo("restore-" + first);
        assertThat(backup.listProtectedResources(r -> r.build()).results()).extracting(p -> p.resourceArn())
                .contains(created);
    }

    /** Restores {@code point} with {@code metadata}, and returns the job's ID once it completed. */
    private static String restore(String point, Map<String, String> metadata) {
        String id = backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(metadata)).restoreJobId();
        DescribeRestoreJobResponse done = awaitRestore(id);
        assertThat(done.status()).as(done.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        return id;
    }

    @Test
    void laterBackupsAreIncrementalAndEarlierPointsStillRestoreTheirOwnContent() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("increments"));
        Path source = Trees.sample(dir.resolve("app"), 2);
        String arn = hokan.registerDirectory("app", source, "{}");
        Path firstCopy = Trees.sample(dir.resolve("app-expected"), 2);
        String first = backupNow("increments", arn, null);

        Files.writeString(source.resolve("README.txt"), "changed after the first backup");
        Files.delete(source.resolve("docs/empty.txt"));
        Files.writeString(source.resolve("new-file.txt"), "added");
        hokan.advanceClock(Duration.ofHours(1));
        String second = backupNow("increments", arn, null);

        Path restoredFirst = dir.resolve("app-first");
        assertThat(awaitRestore(backup.startRestoreJob(r -> r.recoveryPointArn(first)
                .metadata(Map.of("targetpath", restoredFirst.toString()))).restoreJobId()).status())
                .isEqualTo(RestoreJobStatus.COMPLETED);
        Trees.assertSameTree(firstCopy, restoredFirst);
        Path restoredSecond = dir.resolve("app-second");
        awaitRestore(backup.startRestoreJob(r -> r.recoveryPointArn(second)
                .metadata(Map.of("TargetPath", restoredSecond.toString()))).restoreJobId());
        Trees.assertSameTree(source, restoredSecond);

        assertThat(backup.listRecoveryPointsByResource(r -> r.resourceArn(arn)).recoveryPoints())
                .extracting(p -> p.recoveryPointArn()).containsExactly(first, second);
        assertThat(backup.listRecoveryPointsByBackupVault(r -> r.backupVaultName("increments").maxResults(1))
                .nextToken()).isNotNull();
    }

    @Test
    void restoresNeverOverwriteSilently() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("no-overwrite"));
        Path source = Trees.sample(dir.resolve("keep"), 3);
        String arn = hokan.registerDirectory("keep", source, "{}");
        String point = backupNow("no-overwrite", arn, null);

        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", source.toString()))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", "relative/dir"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", dir.resolve("x").toString(), "Color", "blue"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Color");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", dir.resolve("y").toString(), "Overwrite", "maybe"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Overwrite");
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point.substring(0, point.lastIndexOf(':') + 1)
                + "00000000-0000-0000-0000-000000000000")
                .metadata(Map.of())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> backup.startRestoreJob(r -> r.recoveryPointArn(point)))
                .isInstanceOf(MissingParameterValueException.class).hasMessageContaining("Metadata");

        Files.writeString(source.resolve("README.txt"), "local edit to be replaced");
        String id = backup.startRestoreJob(r -> r.recoveryPointArn(point)
                .metadata(Map.of("TargetPath", source.toString(), "Overwrite", "true"))).restoreJobId();
        assertThat(awaitRestore(id).status()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(Files.readString(source.resolve("README.txt"))).isEqualTo("保管 backup test 3");
    }

    @Test
    void deletingPointsFreesTheVault() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("to-empty"));
        String arn = hokan.registerDirectory("short-lived", Trees.sample(dir.resolve("short"), 4), "{}");
        String point = backupNow("to-empty", arn, null);

        assertThatThrownBy(() -> backup.deleteBackupVault(r -> r.backupVaultName("to-empty")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Backup vault cannot be deleted because it contains recovery points.");
        backup.deleteRecoveryPoint(r -> r.backupVaultName("to-empty").recoveryPointArn(point));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                backup.describeBackupVault(r -> r.backupVaultName("to-empty")).numberOfRecoveryPoints() == 0);
        assertThatThrownBy(() -> backup.deleteRecoveryPoint(r -> r.backupVaultName("to-empty")
                .recoveryPointArn(point))).isInstanceOf(ResourceNotFoundException.class);
        backup.deleteBackupVault(r -> r.backupVaultName("to-empty"));
        assertThat(hokan.dataDir.resolve("vaults/to-empty")).doesNotExist();
    }

    @Test
    void retentionEndsOnTheServersClock() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("retention"));
        String arn = hokan.registerDirectory("retained", Trees.sample(dir.resolve("retained"), 5), "{}");
        String point = backupNow("retention", arn, Lifecycle.builder().deleteAfterDays(2L).build());

        var updated = backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("retention").recoveryPointArn(point)
                .lifecycle(l -> l.deleteAfterDays(3L)));
        assertThat(updated.calculatedLifecycle().deleteAt()).isNotNull();
        assertThatThrownBy(() -> backup.updateRecoveryPointLifecycle(r -> r.backupVaultName("retention")
                .recoveryPointArn(point).lifecycle(l -> l.moveToColdStorageAfterDays(10L).deleteAfterDays(20L))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("90 days");

        hokan.advanceClock(Duration.ofDays(2));
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("retention").recoveryPointArn(point)).status())
                .isEqualTo(RecoveryPointStatus.COMPLETED);
        hokan.advanceClock(Duration.ofDays(1).plusMinutes(1));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                backup.describeBackupVault(r -> r.backupVaultName("retention")).numberOfRecoveryPoints() == 0);
        assertThatThrownBy(() -> backup.describeRecoveryPoint(r -> r.backupVaultName("retention")
                .recoveryPointArn(point))).isInstanceOf(ResourceNotFoundException.class);
        backup.deleteBackupVault(r -> r.backupVaultName("retention"));
    }

    @Test
    void pointsMoveToColdStorageOnTheServersClock() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("cold"));
        String arn = hokan.registerDirectory("cooling", Trees.sample(dir.resolve("cooling"), 9), "{}");
        String point = backupNow("cold", arn, Lifecycle.builder().moveToColdStorageAfterDays(1L)
                .deleteAfterDays(400L).build());
        var warm = backup.describeRecoveryPoint(r -> r.backupVaultName("cold").recoveryPointArn(point));
        assertThat(warm.storageClassAsString()).isEqualTo("WARM");
        assertThat(warm.calculatedLifecycle().moveToColdStorageAt())
                .isEqualTo(warm.creationDate().plus(Duration.ofDays(1)));
        hokan.advanceClock(Duration.ofDays(1));
        hokan.awaitColdStorage();
        assertThat(backup.describeRecoveryPoint(r -> r.backupVaultName("cold").recoveryPointArn(point))
                .storageClassAsString()).isEqualTo("COLD");
    }

    /**
     * A source whose backup takes many seconds (a 16 GiB sparse file, read and hashed in full) though it
     * costs no disk: tests stop it long before it could finish.
     */
    private static synchronized Path bigSource() throws IOException {
        Path source = dir.resolve("big");
        if (!Files.exists(source)) {
            Files.createDirectories(source);
            byte[] block = new byte[1024 * 1024];
            new Random(10).nextBytes(block);
            Files.write(source.resolve("head.bin"), block);
            try (var sparse = new java.io.RandomAccessFile(source.resolve("sparse.img").toFile(), "rw")) {
                sparse.setLength(16L << 30);
            }
        }
        return source;
    }

    /**
     * Two thousand small files, then, later in name order, a 16 GiB sparse file that takes many seconds to read:
     * once more bytes than the small files hold are stored, the backup is reading the sparse file.
     */
    private static synchronized Path windowSource() throws IOException {
        Path source = dir.resolve("windowed");
        if (!Files.exists(source)) {
            Random random = new Random(12);
            Path files = Files.createDirectories(source.resolve("files"));
            for (int i = 0; i < 2000; i++) {
                byte[] content = new byte[1 + random.nextInt(4000)];
                random.nextBytes(content);
                Files.write(files.resolve("file-" + i), content);
            }
            try (var sparse = new java.io.RandomAccessFile(source.resolve("sparse.img").toFile(), "rw")) {
                sparse.setLength(16L << 30);
            }
        }
        return source;
    }

    @Test
    void aBackupStillRunningWhenItsCompletionWindowEndsKeepsWhatIsComplete() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("windowed"));
        Path source = windowSource();
        long smallFiles;
        try (var files = Files.list(source.resolve("files"))) {
            smallFiles = files.mapToLong(f -> f.toFile().length()).sum();
        }
        String arn = hokan.registerDirectory("windowed", source, "{}");
        String job = backup.startBackupJob(r -> r.backupVaultName("windowed").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).startWindowMinutes(60L).completeWindowMinutes(120L)).backupJobId();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Long transferred = backup.describeBackupJob(r -> r.backupJobId(job)).bytesTransferred();
            return transferred != null && transferred > smallFiles;
        });
        hokan.advanceClock(Duration.ofMinutes(121));

        DescribeBackupJobResponse ended = awaitBackup(job);
        assertThat(ended.state()).as(ended.statusMessage()).isEqualTo(BackupJobState.PARTIAL);
        assertThat(ended.statusMessage()).contains("completion window").contains("Not backed up: sparse.img");
        DescribeRecoveryPointResponse point = backup.describeRecoveryPoint(r -> r.backupVaultName("windowed")
                .recoveryPointArn(ended.recoveryPointArn()));
        assertThat(point.status()).isEqualTo(RecoveryPointStatus.PARTIAL);
        assertThat(point.statusMessage()).isEqualTo(ended.statusMessage());
        assertThat(point.backupSizeInBytes()).isEqualTo(smallFiles);

        Path target = dir.resolve("windowed-restored");
        String restoreId = backup.startRestoreJob(r -> r.recoveryPointArn(ended.recoveryPointArn())
                .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
        DescribeRestoreJobResponse restore = awaitRestore(restoreId);
        assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(target.resolve("sparse.img")).doesNotExist();
        Trees.assertSameTree(source.resolve("files"), target.resolve("files"));
    }

    @Test
    void stoppingJobsLeavesNothingHalfMade() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("stopped"));
        String arn = hokan.registerDirectory("big", bigSource(), "{}");
        String running = backup.startBackupJob(r -> r.backupVaultName("stopped").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        String queued = backup.startBackupJob(r -> r.backupVaultName("stopped").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() ->
                backup.describeBackupJob(r -> r.backupJobId(running)).state() == BackupJobState.RUNNING);
        assertThat(backup.describeBackupJob(r -> r.backupJobId(queued)).state())
                .as("one resource never has two backups running").isEqualTo(BackupJobState.CREATED);

        backup.stopBackupJob(r -> r.backupJobId(queued));
        assertThat(backup.describeBackupJob(r -> r.backupJobId(queued)).state()).isEqualTo(BackupJobState.ABORTED);
        backup.stopBackupJob(r -> r.backupJobId(running));
        DescribeBackupJobResponse stopped = awaitBackup(running);
        assertThat(stopped.state()).isEqualTo(BackupJobState.ABORTED);
        assertThat(stopped.statusMessage()).isEqualTo("Stopped by StopBackupJob");
        assertThat(backup.describeBackupVault(r -> r.backupVaultName("stopped")).numberOfRecoveryPoints()).isZero();
        assertThat(backup.listRecoveryPointsByResource(r -> r.resourceArn(arn)).recoveryPoints()).isEmpty();
    }

    /** A backup of the resource while another thread touches {@code file} without pause. */
    private static DescribeBackupJobResponse backUpWhileTouched(String arn, Path file) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread toucher = Thread.ofPlatform().start(() -> {
            for (long millis = 1_000_000; !stop.get(); millis++) {
                try {
                    Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try {
            return awaitBackup(backup.startBackupJob(r -> r.backupVaultName("busy").resourceArn(arn)
                    .iamRoleArn(TestServer.ROLE)).backupJobId());
        } finally {
            stop.set(true);
            toucher.join();
        }
    }

    @Test
    void aFileThatKeepsChangingWhileReadIsKeptAndCalledInconsistentNotMissing() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("busy"));
        Path source = Files.createDirectories(dir.resolve("busy"));
        Path file = source.resolve("busy.bin");
        byte[] block = new byte[3 * 1024 * 1024];
        new Random(15).nextBytes(block);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 40; i++) {
                out.write(block);
            }
        }
        String arn = hokan.registerDirectory("busy", source, "{}");
        // On a loaded machine the toucher may get no time during one of the two reads, which then rightly finds the
        // file unchanged: the backup is tried again, a few times at most.
        DescribeBackupJobResponse attempted = backUpWhileTouched(arn, file);
        for (int attempt = 1; attempt < 5 && attempted.state() == BackupJobState.COMPLETED; attempt++) {
            attempted = backUpWhileTouched(arn, file);
        }
        DescribeBackupJobResponse job = attempted;
        assertThat(job.state()).isEqualTo(BackupJobState.PARTIAL);
        assertThat(job.statusMessage()).isEqualTo("1 file(s) changed while being read, and again when read once more;"
                + " the recovery point keeps a copy of them that may be inconsistent: busy.bin");

        Path target = dir.resolve("busy-restored");
        DescribeRestoreJobResponse restore = awaitRestore(backup.startRestoreJob(r -> r
                .recoveryPointArn(job.recoveryPointArn()).metadata(Map.of("TargetPath", target.toString())))
                .restoreJobId());
        assertThat(restore.status()).isEqualTo(RestoreJobStatus.COMPLETED);
        assertThat(restore.statusMessage()).isEqualTo("1 file(s) changed while being read, and again when read once"
                + " more; the backup kept, and this restore wrote, a copy of them that may be inconsistent: busy.bin");
        assertThat(Files.mismatch(file, target.resolve("busy.bin"))).as("only its time changed").isEqualTo(-1L);
    }

    @Test
    void aRunningBackupShowsItsProgressAgainstTheSourceAsItIsNow() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("progress"));
        Path source = Trees.sample(dir.resolve("growing"), 14);
        String arn = hokan.registerDirectory("growing", source, "{}");
        backupNow("progress", arn, null);
        try (var sparse = new java.io.RandomAccessFile(source.resolve("grown.img").toFile(), "rw")) {
            sparse.setLength(16L << 30);
        }
        String jobId = backup.startBackupJob(r -> r.backupVaultName("progress").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE)).backupJobId();
        try {
            DescribeBackupJobResponse first = awaitRunningProgress(jobId, 0);
            assertThat(Double.parseDouble(first.percentDone())).as("the source grew 16 GiB since the last backup")
                    .isGreaterThan(0.0).isLessThan(50.0);
            DescribeBackupJobResponse later = awaitRunningProgress(jobId, first.bytesTransferred());
            assertThat(Double.parseDouble(later.percentDone()))
                    .isGreaterThan(Double.parseDouble(first.percentDone())).isLessThan(100.0);
            assertThat(later.backupSizeInBytes()).isGreaterThan(16L << 30);
        } finally {
            backup.stopBackupJob(r -> r.backupJobId(jobId));
        }
        assertThat(awaitBackup(jobId).state()).isEqualTo(BackupJobState.ABORTED);
    }

    /** Waits until the running job reports more than {@code bytes} transferred; 16 GiB take long enough to read. */
    private static DescribeBackupJobResponse awaitRunningProgress(String jobId, long bytes) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> backup.describeBackupJob(r -> r.backupJobId(jobId)), job -> {
                    assertThat(job.state()).as("still running").isIn(BackupJobState.CREATED, BackupJobState.RUNNING);
                    return job.state() == BackupJobState.RUNNING && job.bytesTransferred() > bytes;
                });
    }

    @Test
    void startBackupJobChecksEverything() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("checks"));
        String arn = hokan.registerDirectory("checked", Trees.sample(dir.resolve("checked"), 6), "{}");
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("nope").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("checks")
                .resourceArn("arn:aws:hokan:us-east-1:000000000000:directory/unregistered").iamRoleArn(TestServer.ROLE)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("checks").resourceArn("web")
                .iamRoleArn(TestServer.ROLE))).isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("checks").resourceArn(arn)
                .iamRoleArn("role"))).isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("checks").resourceArn(arn)))
                .isInstanceOf(MissingParameterValueException.class).hasMessageContaining("IamRoleArn");
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("checks").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).startWindowMinutes(30L)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("StartWindowMinutes");
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("checks").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).lifecycle(l -> l.deleteAfterDays(0L))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("DeleteAfterDays");
    }

    @Test
    void idempotencyTokensReturnTheFirstJob() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("idempotent"));
        String arn = hokan.registerDirectory("idem", Trees.sample(dir.resolve("idem"), 7), "{}");
        String first = backup.startBackupJob(r -> r.backupVaultName("idempotent").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).idempotencyToken("token-1")).backupJobId();
        String again = backup.startBackupJob(r -> r.backupVaultName("idempotent").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).idempotencyToken("token-1")).backupJobId();
        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> backup.startBackupJob(r -> r.backupVaultName("idempotent").resourceArn(arn)
                .iamRoleArn(TestServer.ROLE).idempotencyToken("token-1").lifecycle(l -> l.deleteAfterDays(5L))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("different parameters");
        assertThat(awaitBackup(first).state()).isEqualTo(BackupJobState.COMPLETED);
        assertThatThrownBy(() -> backup.stopBackupJob(r -> r.backupJobId(first)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("COMPLETED");
        assertThatThrownBy(() -> backup.describeBackupJob(r -> r.backupJobId("no-such-job")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void jobListsFilterAndSummarise() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("listed"));
        String arn = hokan.registerDirectory("listed", Trees.sample(dir.resolve("listed"), 8), "{}");
        backupNow("listed", arn, null);
        assertThat(backup.listBackupJobs(r -> r.byBackupVaultName("listed")).backupJobs()).hasSize(1);
        assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn).byState(BackupJobState.COMPLETED)).backupJobs())
                .hasSize(1);
        assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn).byState(BackupJobState.FAILED)).backupJobs())
                .isEmpty();
        assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn).byResourceType("EBS")).backupJobs()).isEmpty();
        assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn).byResourceType("Directory")).backupJobs()).hasSize(1);
        Instant now = backup.describeBackupJob(r -> r.backupJobId(backup.listBackupJobs(l -> l.byResourceArn(arn))
                .backupJobs().getFirst().backupJobId())).creationDate();
        assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn).byCreatedAfter(now.plusSeconds(5))).backupJobs())
                .isEmpty();
        assertThat(backup.listBackupJobs(r -> r.byResourceArn(arn).byCreatedBefore(now.plusSeconds(5))).backupJobs())
                .hasSize(1);
        var summaries = backup.listBackupJobSummaries(r -> r.state("COMPLETED").resourceType("Directory"));
        assertThat(summaries.backupJobSummaries()).singleElement()
                .satisfies(s -> assertThat(s.count()).isGreaterThanOrEqualTo(1));
        assertThat(summaries.aggregationPeriod()).isEqualTo("ONE_DAY");
        assertThatThrownBy(() -> backup.listBackupJobSummaries(r -> r.state("SLEEPING")))
                .isInstanceOf(InvalidParameterValueException.class);
    }
}
