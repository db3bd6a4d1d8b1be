package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.BackupClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A copy the server stopped in the middle of starts again from scratch at the next start, and lands once. */
class CopyJobRestartTest {
    private static final String SOURCE = "restart-copy-source";

    @TempDir
    Path dir;

    @Test
    void copiesInterruptedByAStopCompleteAfterTheRestartWithoutDuplicates() throws Exception {
        Path data = dir.resolve("data");
        Path source = Files.createDirectories(dir.resolve("large"));
        Random random = new Random(5);
        byte[] block = new byte[8 * 1024 * 1024];
        for (int i = 0; i < 4; i++) {
            random.nextBytes(block);
            Files.write(source.resolve("part-" + i + ".bin"), block);
        }
        String resourceArn;
        String point;
        long size;
        String recordedCopy;
        String queued;
        String[] targets = new String[3];
        try (TestServer first = TestServer.start(data)) {
            BackupClient backup = first.backup;
            backup.createBackupVault(r -> r.backupVaultName(SOURCE));
            for (int i = 0; i < targets.length; i++) {
                String name = "restart-copy-" + i;
                targets[i] = backup.createBackupVault(r -> r.backupVaultName(name)).backupVaultArn();
            }
            resourceArn = first.registerDirectory("large", source, "{}");
            String arn = resourceArn;
            var backedUp = BackupRestoreTest.awaitBackupOn(backup, backup.startBackupJob(r -> r.backupVaultName(SOURCE)
                    .resourceArn(arn).iamRoleArn(TestServer.ROLE)).backupJobId());
            point = backedUp.recoveryPointArn();
            size = backedUp.backupSizeInBytes();
            var done = CopyJobTest.awaitCopyOn(backup, startCopy(backup, point, targets[0]));
            assertThat(done.stateAsString()).as(done.statusMessage()).isEqualTo("COMPLETED");
            recordedCopy = done.destinationRecoveryPointArn();
            queued = startCopy(backup, point, targets[1]);
        }

        // as if the server had stopped after vault 0 recorded a copy but before its job did, and while copying into 2
        String again = newId();
        String midway = newId();
        String pointId = point.substring(point.lastIndexOf(':') + 1);
        String recordedId = recordedCopy.substring(recordedCopy.lastIndexOf(':') + 1);
        Instant now = Instant.now();
        try (CellCatalog catalog = TestServer.homeCatalog(data)) {
            catalog.write(tx -> {
                tx.copyJobs().insert(running(again, pointId, targets[0], recordedId, resourceArn, size, now));
                tx.copyJobs().insert(running(midway, pointId, targets[2], newId(), resourceArn, size, now));
                return null;
            });
        }

        try (TestServer second = TestServer.start(data)) {
            BackupClient backup = second.backup;
            var queuedCopy = CopyJobTest.awaitCopyOn(backup, queued);
            assertThat(queuedCopy.stateAsString()).as(queuedCopy.statusMessage()).isEqualTo("COMPLETED");
            var resumed = CopyJobTest.awaitCopyOn(backup, midway);
            assertThat(resumed.stateAsString()).as(resumed.statusMessage()).isEqualTo("COMPLETED");
            var found = CopyJobTest.awaitCopyOn(backup, again);
            assertThat(found.stateAsString()).as(found.statusMessage()).isEqualTo("COMPLETED");
            assertThat(found.destinationRecoveryPointArn()).isEqualTo(recordedCopy);
            assertThat(CopyJobTest.transferred(found)).isZero();
            for (int i = 0; i < targets.length; i++) {
                String name = "restart-copy-" + i;
                assertThat(backup.describeBackupVault(r -> r.backupVaultName(name)).numberOfRecoveryPoints())
                        .as("copies in %s", name).isOne();
            }

            for (String copy : new String[]{queuedCopy.destinationRecoveryPointArn(),
                    resumed.destinationRecoveryPointArn()}) {
                Path restored = dir.resolve("restored-" + copy.substring(copy.lastIndexOf(':') + 1));
                String restoreId = backup.startRestoreJob(r -> r.recoveryPointArn(copy)
                        .metadata(Map.of("TargetPath", restored.toString()))).restoreJobId();
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        backup.describeRestoreJob(r -> r.restoreJobId(restoreId)).statusAsString().equals("COMPLETED"));
                Trees.assertSameTree(source, restored);
            }

            HttpResponse<String> events = second.signed("GET", "/hokan/v1/events?type=CopyJobCreated", null);
            assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
            JsonNode requeued = null;
            for (JsonNode e : JsonMapper.builder().build().readTree(events.body()).path("Events")) {
                if (midway.equals(e.path("Details").path("CopyJobId").asString())) {
                    requeued = e;
                }
            }
            assertThat(requeued).isNotNull();
            assertThat(requeued.path("Message").asString())
                    .isEqualTo("The server stopped while this copy was running; it starts again from the beginning");
        }
    }

    private static String startCopy(BackupClient backup, String point, String target) {
        return backup.startCopyJob(r -> r.recoveryPointArn(point).sourceBackupVaultName(SOURCE)
                .destinationBackupVaultArn(target).iamRoleArn(TestServer.ROLE)).copyJobId();
    }

    private static CopyJob running(String jobId, String pointId, String target, String copyPointId,
                                   String resourceArn, long size, Instant created) {
        return new CopyJob(jobId, SOURCE, pointId, target, copyPointId, null, resourceArn, new ResourceType("Directory"),
                "large", TestServer.ROLE, CopyJobState.RUNNING, null, created, null, size, 0, Lifecycle.KEEP_FOREVER,
                null, null);
    }

    private static String newId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
