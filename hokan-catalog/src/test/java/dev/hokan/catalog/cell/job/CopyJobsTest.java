package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.testing.CatalogBackend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class CopyJobsTest {
    private static final String INTO_A = "arn:aws:backup:us-east-1:000000000000:backup-vault:a";
    private static final String INTO_B = "arn:aws:backup:us-east-1:000000000000:backup-vault:b";
    private static final Instant T0 = Instant.ofEpochMilli(1_000);

    @TempDir
    Path dir;

    private static CopyJob job(String id, String pointId, String into, long createdMillis) {
        return new CopyJob(id, "source", pointId, into, "COPY-" + id, null, "arn:r", new ResourceType("Directory"), "r",
                "role", CopyJobState.CREATED, null, Instant.ofEpochMilli(createdMillis), null, 10, 0,
                new Lifecycle(1L, 100L, null), new RecoveryPointCreator("plan", "v1", "rule"), "backup-job");
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void copyJobsRoundTripAndCountWhatIsUnfinished(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            CopyJob first = job("J1", "P1", INTO_A, 1_000);
            catalog.write(tx -> {
                tx.copyJobs().insert(first);
                tx.copyJobs().insert(job("J2", "P1", INTO_B, 2_000));
                tx.copyJobs().insert(job("J3", "P2", INTO_A, 3_000));
                return null;
            });
            Optional<CopyJob> stored = catalog.read(tx -> tx.copyJobs().find("J1"));
            assertThat(stored).contains(first);

            CopyJob done = first.withState(CopyJobState.RUNNING, null)
                    .finished(CopyJobState.COMPLETED, "Transferred 5 bytes", T0.plusSeconds(9), "arn:copy", 5);
            catalog.write(tx -> {
                tx.copyJobs().update(done);
                return null;
            });
            Optional<CopyJob> updated = catalog.read(tx -> tx.copyJobs().find("J1"));
            assertThat(updated).contains(done);
            long fromP1 = catalog.read(tx -> tx.copyJobs().countUnfinishedFrom("P1"));
            assertThat(fromP1).isOne();
            long intoA = catalog.read(tx -> tx.copyJobs().countUnfinishedInto(INTO_A));
            assertThat(intoA).isOne();
            List<CopyJob> waiting = catalog.read(tx -> tx.copyJobs().inState(CopyJobState.CREATED));
            assertThat(waiting).extracting(CopyJob::jobId).containsExactly("J2", "J3");

            CopyJobFilter byTarget = new CopyJobFilter(null, null, null, INTO_A, null, null, null, null, null);
            Page<CopyJob> listed = catalog.read(tx -> tx.copyJobs().list(byTarget, new PageRequest(10, null)));
            assertThat(listed.items()).extracting(CopyJob::jobId).containsExactly("J1", "J3");
            CopyJobFilter fromP1Completed = new CopyJobFilter(null, CopyJobState.COMPLETED, new ResourceType("Directory"),
                    null, "P1", null, null, null, null);
            Page<CopyJob> completed = catalog.read(tx -> tx.copyJobs().list(fromP1Completed,
                    new PageRequest(10, null)));
            assertThat(completed.items()).extracting(CopyJob::jobId).containsExactly("J1");
            List<JobCount> counts = catalog.read(tx -> tx.copyJobs().countByStateAndType(T0, T0.plusSeconds(2)));
            assertThat(counts).containsExactly(new JobCount("COMPLETED", new ResourceType("Directory"), 1),
                    new JobCount("CREATED", new ResourceType("Directory"), 1));
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aCopyKeepsTheVaultItCameFrom(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            RecoveryPoint copy = RecoveryPoint.builder()
                    .recoveryPointId("C1")
                    .vaultName("b")
                    .resourceArn("arn:r")
                    .resourceType(new ResourceType("Directory"))
                    .resourceName("r")
                    .snapshotId("snap")
                    .status(RecoveryPointStatus.COMPLETED)
                    .creationDate(T0)
                    .completionDate(T0)
                    .backupSizeInBytes(10)
                    .fileCount(1)
                    .sourceLocation("/x")
                    .lifecycle(Lifecycle.KEEP_FOREVER)
                    .iamRoleArn("role")
                    .backupJobId("J1")
                    .storageClass(StorageClass.WARM)
                    .retention(RetentionClock.RUNNING)
                    .sourceVaultArn(INTO_A)
                    .build();
            catalog.write(tx -> {
                tx.vaults().insert(new BackupVault("b", T0, null, "arn:key", 0));
                tx.recoveryPoints().insert(copy);
                return null;
            });
            Optional<RecoveryPoint> stored = catalog.read(tx -> tx.recoveryPoints().find("C1"));
            assertThat(stored).contains(copy);
        }
    }
}
