package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.BackupJobState;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/** A server killed with SIGKILL in the middle of a backup frees what that backup wrote when it starts again. */
class CrashRecoveryTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void whatABackupKilledMidwayWroteIsFreedAtTheNextStartAndCommittedPointsStayWhole() throws Exception {
        Path data = dir.resolve("data");
        Path small = Trees.sample(dir.resolve("small"), 41);
        Path big = bigSource();
        Path vaultData = data.resolve("vaults").resolve(ServerProcess.VAULT).resolve("data");

        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ServerProcess.class.getName(), data.toString(),
                small.toString(), big.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pointArn;
        String jobId;
        long committed;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream in = child.getOutputStream()) {
            pointArn = word(out.readLine(), "COMPLETED");
            committed = bytesUnder(vaultData);
            in.write('\n');
            in.flush();
            jobId = word(out.readLine(), "STARTED");
            // killed once the backup has written at least two packs; the 16 GiB of zeros after them take far longer
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> bytesUnder(vaultData) >= committed + 64 * MIB);
            assertThat(child.isAlive()).isTrue();
            child.destroyForcibly().waitFor();
        }
        assertThat(bytesUnder(vaultData)).isGreaterThanOrEqualTo(committed + 64 * MIB);
        // the resumed backup then fails at once instead of writing again
        Files.move(big, dir.resolve("big-gone"));

        try (TestServer second = TestServer.start(data)) {
            assertThat(bytesUnder(vaultData)).as("the killed backup's packs are freed at start").isEqualTo(committed);
            try (Stream<Path> files = Files.walk(data.resolve("vaults").resolve(ServerProcess.VAULT))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".tmp-"));
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

    /** 128 MiB of random data (four packs), then 16 GiB of zeros that take many seconds to hash but add no pack. */
    private Path bigSource() throws IOException {
        Path source = Files.createDirectories(dir.resolve("big"));
        byte[] block = new byte[(int) (4 * MIB)];
        SplittableRandom random = new SplittableRandom(42);
        try (OutputStream out = Files.newOutputStream(source.resolve("a-random.bin"))) {
            for (int i = 0; i < 32; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        try (RandomAccessFile sparse = new RandomAccessFile(source.resolve("b-zeros.img").toFile(), "rw")) {
            sparse.setLength(16L << 30);
        }
        return source;
    }

    private static String word(String line, String expected) {
        assertThat(line).as("the server process's report").startsWith(expected + " ");
        return line.substring(expected.length() + 1);
    }

    private static long bytesUnder(Path root) throws IOException {
        return ColdStorageTest.bytesUnder(root);
    }
}
