package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/** Restore metadata MaxBytesPerSecond holds a restore to a rate; a rate that is no rate is refused at the start. */
class RestoreRateTest extends ServerTestBase {
    private static final int MIB = 1 << 20;

    @Test
    void aRestoreHeldToARateTakesAsLongAsItsBytesNeedAtThatRate() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("paced"));
        Path source = Files.createDirectories(dir.resolve("paced-source"));
        byte[] content = new byte[12 * MIB];
        new SplittableRandom(5).nextBytes(content);
        Files.write(source.resolve("twelve-mib"), content);
        String point = BackupRestoreTest.backupNow("paced", hokan.registerDirectory("paced", source, "{}"),
                Lifecycle.builder().build());

        Path target = dir.resolve("paced-target");
        long started = System.nanoTime();
        String jobId = backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of("TargetPath",
                target.toString(), "MaxBytesPerSecond", Integer.toString(3 * MIB)))).restoreJobId();
        DescribeRestoreJobResponse done = BackupRestoreTest.awaitRestoreOn(backup, jobId);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(done.status()).as(done.statusMessage()).isEqualTo(RestoreJobStatus.COMPLETED);
        // 12 MiB at 3 MiB/s: the last chunk is written no sooner than its share of the 4 seconds allows
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(Files.readAllBytes(target.resolve("twelve-mib"))).isEqualTo(content);
    }

    @Test
    void aRateThatIsNoWholeNumberOfAtLeastOneMibASecondIsRefused() throws Exception {
        backup.createBackupVault(r -> r.backupVaultName("unpaced"));
        Path source = Trees.sample(dir.resolve("unpaced-source"), 2);
        String point = BackupRestoreTest.backupNow("unpaced", hokan.registerDirectory("unpaced", source, "{}"),
                Lifecycle.builder().build());
        for (String rate : new String[] {"fast", "1000", "-1", "1.5e6"}) {
            InvalidParameterValueException refused = catchThrowableOfType(InvalidParameterValueException.class,
                    () -> backup.startRestoreJob(r -> r.recoveryPointArn(point).metadata(Map.of("TargetPath",
                            dir.resolve("unpaced-" + rate).toString(), "MaxBytesPerSecond", rate))));
            assertThat(refused).as(rate).isNotNull();
            assertThat(refused.awsErrorDetails().errorMessage()).contains("MaxBytesPerSecond").contains(rate);
        }
        assertThat(backup.listRestoreJobs().restoreJobs()).noneMatch(j -> point.equals(j.recoveryPointArn()));
    }
}
