package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.engine.vault.SnapshotTags;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.Vault;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/** A server killed with SIGKILL in the middle of a backup frees what that backup wrote when it starts again. */
class CrashRecoveryTest {
    static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void whatABackupKilledMidwayWroteIsFreedAtTheNextStartAndCommittedPointsStayWhole() throws Exception {
        Path data = dir.resolve("data");
        Path small = Trees.sample(dir.resolve("small"), 41);
        Path big = bigSource(dir);
        Path vaultData = data.resolve("vaults").resolve(ServerProcess.VAULT).resolve("data");

        Killed killed = killMidBackup(List.of(data.toString(), small.toString(), big.toString()),
                () -> bytesUnder(vaultData));
        String pointArn = killed.pointArn();
        String jobId = killed.jobId();
        long committed = killed.committed();
        // the resumed backup then fails at once instead of writing again
        Files.move(big, dir.resolve("big-gone"));

        try (TestServer second = TestServer.start(data)) {
            assertThat(bytesUnder(vaultData)).as("the killed backup's packs are freed at start").isEqualTo(committed);
            // this server's own writes in progress (the resumed job's records) may show temporaries of its own
            try (Stream<Path> files = Files.walk(data.resolve("vaults").resolve(ServerProcess.VAULT))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.startsWith(".tmp-" + killed.pid() + "-"));
            }
            var resumed = BackupRestoreTest.awaitBackupOn(second.backup, jobId);
            assertThat(resumed.state()).isEqualTo(BackupJobState.FAILED);

            Path target = dir.resolve("restored");
            String restoreId = second.backup.startRestoreJob(r -> r.recoveryPointArn(pointArn)
                    .metadata(Map.of("TargetPath", target.toString()))).restoreJobId();
            DescribeRestoreJobResponse restore = await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> second.backup.describeRestoreJob(r -> r.restoreJobId(restoreId)), job -> Set.of(
                            RestoreJobStatus.COMPLETED, RestoreJobStatus.FAILED, RestoreJobStatus.ABORTED)
                            .contains(job.status()));
            assertThat(restore.status()).as(restore.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            Trees.assertSameTree(small, target);
        }
    }

    @Test
    void aSnapshotSealedByARunThatDidNotRecordItsPointIsDroppedWhenTheJobRunsAgain() throws Exception {
        Path data = dir.resolve("data");
        Path small = Trees.sample(dir.resolve("small"), 41);
        Path big = bigSource(dir);
        Path vaultDir = data.resolve("vaults").resolve(ServerProcess.VAULT);
        Killed killed = killMidBackup(List.of(data.toString(), small.toString(), big.toString()),
                () -> bytesUnder(vaultDir.resolve("data")));
        String pointId;
        try (CellCatalog catalog = TestServer.homeCatalog(data)) {
            pointId = catalog.read(tx -> tx.backupJobs().find(killed.jobId())).orElseThrow().recoveryPointId();
        }
        // what a run killed after sealing its snapshot and before recording its recovery point leaves behind
        try (Vault vault = Vault.open(new LocalBlobStore(vaultDir), MasterKey.load(data.resolve("master.key")),
                dir.resolve("cache"))) {
            vault.backup(new BackupRequest(BackupSource.directory(small), "sealed-unrecorded",
                    Map.of(SnapshotTags.RECOVERY_POINT_ID, pointId), ProgressListener.NONE));
        }
        Files.move(big, dir.resolve("big-gone"));
        Trees.sample(big, 7);

        try (TestServer second = TestServer.start(data)) {
            assertThat(BackupRestoreTest.awaitBackupOn(second.backup, killed.jobId()).state())
                    .isEqualTo(BackupJobState.COMPLETED);
        }
        try (Vault vault = Vault.open(new LocalBlobStore(vaultDir), MasterKey.load(data.resolve("master.key")),
                dir.resolve("cache"))) {
            assertThat(vault.snapshots()).as("the small backup's and the job's second run's").hasSize(2)
                    .filteredOn(s -> pointId.equals(s.tags().get(SnapshotTags.RECOVERY_POINT_ID))).hasSize(1);
        }
    }

    @Test
    void aRestoreInterruptedByAStopResumesFromItsCheckpointAtTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        Path source = ClusterJobsTest.manyFilesAroundAPause(dir.resolve("tree"));
        Path target = dir.resolve("restored-tree");
        String jobId;
        try (TestServer first = TestServer.start(data)) {
            first.backup.createBackupVault(r -> r.backupVaultName("resume"));
            String arn = first.registerDirectory("tree", source, "{}");
            var backup = BackupRestoreTest.awaitBackupOn(first.backup, first.backup.startBackupJob(r -> r
                    .backupVaultName("resume").resourceArn(arn).iamRoleArn(TestServer.ROLE)).backupJobId());
            assertThat(backup.state()).as(backup.statusMessage()).isEqualTo(BackupJobState.COMPLETED);
            jobId = first.backup.startRestoreJob(r -> r.recoveryPointArn(backup.recoveryPointArn())
                    .metadata(Map.of("TargetPath", target.toString(), "MaxBytesPerSecond", ClusterJobsTest.PAUSING_RATE)))
                    .restoreJobId();
            // one catalog for all the polls: one opened per poll was never closed, and a long wait ran the JVM out of
            // file descriptors
            try (CellCatalog catalog = TestServer.homeCatalog(data)) {
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(50)).until(() -> catalog
                        .read(tx -> tx.restoreCheckpoints().filesComplete(jobId)).orElse(0L)
                        >= ClusterJobsTest.FILES_BEFORE_THE_PAUSE || ClusterJobsTest.ended(first.backup
                        .describeRestoreJob(r -> r.restoreJobId(jobId))));
            }
            var running = first.backup.describeRestoreJob(r -> r.restoreJobId(jobId));
            assertThat(ClusterJobsTest.ended(running)).as("ended before its checkpoint covered the first files: "
                    + running).isFalse();
        }
        try (TestServer second = TestServer.start(data)) {
            DescribeRestoreJobResponse done = BackupRestoreTest.awaitRestoreOn(second.backup, jobId);
            assertThat(done.status()).as(done.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
            assertThat(done.statusMessage()).startsWith("Resumed after the node running it stopped: of the ");
        }
        Trees.assertSameTree(source, target);
    }

    /** What a server process had done when it was killed, and its process ID. */
    record Killed(String pointArn, String jobId, long committed, long pid) {
    }

    /**
     * Runs a {@link ServerProcess} with the arguments and kills it with SIGKILL once its big backup has stored two
     * packs more than the small one had, as {@code storedBytes} measures the vault's data.
     */
    static Killed killMidBackup(List<String> args, Callable<Long> storedBytes) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(TestServer.jvmOptions(Path.of(args.getFirst())));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerProcess.class.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream in = child.getOutputStream()) {
            String pointArn = word(out.readLine(), "COMPLETED");
            long committed = storedBytes.call();
            in.write('\n');
            in.flush();
            String jobId = word(out.readLine(), "STARTED");
            // killed once the backup has written at least two packs; the 16 GiB of zeros after them take far longer
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> storedBytes.call() >= committed + 64 * MIB);
            assertThat(child.isAlive()).isTrue();
            child.destroyForcibly().waitFor();
            assertThat(storedBytes.call()).isGreaterThanOrEqualTo(committed + 64 * MIB);
            return new Killed(pointArn, jobId, committed, child.pid());
        } finally {
            child.destroyForcibly();
        }
    }

    /** 128 MiB of random data (four packs), then 16 GiB of zeros that take many seconds to hash but add no pack. */
    static Path bigSource(Path dir) throws IOException {
        return source(dir.resolve("big"), 32, 16L << 30);
    }

    /** {@code randomBlocks} blocks of 4 MiB of random data, then {@code zeros} bytes of zeros in a sparse file. */
    static Path source(Path dir, int randomBlocks, long zeros) throws IOException {
        Path source = Files.createDirectories(dir);
        byte[] block = new byte[(int) (4 * MIB)];
        SplittableRandom random = new SplittableRandom(42);
        try (OutputStream out = Files.newOutputStream(source.resolve("a-random.bin"))) {
            for (int i = 0; i < randomBlocks; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        try (RandomAccessFile sparse = new RandomAccessFile(source.resolve("b-zeros.img").toFile(), "rw")) {
            sparse.setLength(zeros);
        }
        return source;
    }

    static String word(String line, String expected) {
        assertThat(line).as("the server process's report").startsWith(expected + " ");
        return line.substring(expected.length() + 1);
    }

    private static long bytesUnder(Path root) throws IOException {
        return ColdStorageTest.bytesUnder(root);
    }
}
