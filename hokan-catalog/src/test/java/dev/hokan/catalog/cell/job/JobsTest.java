package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.testing.CatalogBackend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class JobsTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_000);

    @TempDir
    Path dir;

    private static BackupJob backup(String id, BackupJobState state, long createdMillis) {
        Instant created = Instant.ofEpochMilli(createdMillis);
        return new BackupJob(id, "v", "arn:r", new ResourceType("Directory"), "r", "role", state, null, created, created,
                created.plusSeconds(60), null, null, 0.0, 0, 0, "P-" + id, Lifecycle.KEEP_FOREVER, Map.of(), null);
    }

    private static RestoreJob restore(String id, RestoreJobStatus state, long createdMillis) {
        return new RestoreJob(id, "P1", "v", "arn:r", new ResourceType("Directory"), state, null,
                Instant.ofEpochMilli(createdMillis), null, 0.0, 10, null, null, Map.of("TargetPath", "/t"), T0, null);
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aJobOfAnyKindIsStoredInItsTableAndItsUpdateTellsTheStateItReplaced(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            BackupJob backup = backup("B1", BackupJobState.CREATED, 1_000);
            RestoreJob restore = restore("R1", RestoreJobStatus.PENDING, 1_000);
            catalog.write(tx -> {
                tx.jobs().insert(backup);
                tx.jobs().insert(restore);
                return null;
            });
            BackupJob running = backup.withState(BackupJobState.RUNNING, null);
            RestoreJob failed = restore.finished(RestoreJobStatus.FAILED, "gone", T0.plusSeconds(5), null);
            Optional<JobState> backupBefore = catalog.write(tx -> tx.jobs().update(running));
            Optional<JobState> restoreBefore = catalog.write(tx -> tx.jobs().update(failed));
            assertThat(backupBefore).contains(BackupJobState.CREATED);
            assertThat(restoreBefore).contains(RestoreJobStatus.PENDING);
            Optional<BackupJob> storedBackup = catalog.read(tx -> tx.backupJobs().find("B1"));
            Optional<RestoreJob> storedRestore = catalog.read(tx -> tx.restoreJobs().find("R1"));
            assertThat(storedBackup).contains(running);
            assertThat(storedRestore).contains(failed);
            Optional<JobState> unknown = catalog.write(tx -> tx.jobs().update(backup("B2", BackupJobState.RUNNING,
                    1_000)));
            assertThat(unknown).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void everyStateThatIsNotFinalCountsAsUnfinished(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                int i = 0;
                for (BackupJobState state : BackupJobState.values()) {
                    tx.jobs().insert(backup("B" + i++, state, 1_000 + i));
                }
                for (RestoreJobStatus state : RestoreJobStatus.values()) {
                    tx.jobs().insert(restore("R" + i++, state, 1_000 + i));
                }
                return null;
            });
            long backups = catalog.read(tx -> tx.backupJobs().countUnfinished("v"));
            long restores = catalog.read(tx -> tx.restoreJobs().countUnfinished("P1"));
            assertThat(backups).as("CREATED, PENDING, RUNNING, ABORTING").isEqualTo(4);
            assertThat(restores).as("PENDING, RUNNING").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void restoreJobsAreListedByTheCriteriaEveryJobListShares(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.jobs().insert(restore("R1", RestoreJobStatus.COMPLETED, 1_000));
                tx.jobs().insert(restore("R2", RestoreJobStatus.FAILED, 2_000));
                tx.jobs().insert(restore("R3", RestoreJobStatus.COMPLETED, 3_000));
                return null;
            });
            RestoreJobFilter completedAfterFirst = new RestoreJobFilter("arn:r", RestoreJobStatus.COMPLETED,
                    new ResourceType("Directory"), T0, null, null, null, null, null, null);
            Page<RestoreJob> listed = catalog.read(tx -> tx.restoreJobs().list(completedAfterFirst,
                    new PageRequest(10, null)));
            assertThat(listed.items()).extracting(RestoreJob::jobId).containsExactly("R3");
            Page<RestoreJob> firstOfAll = catalog.read(tx -> tx.restoreJobs().list(new RestoreJobFilter(null, null,
                    null, null, null, null, null, null, null, null), new PageRequest(2, null)));
            assertThat(firstOfAll.items()).extracting(RestoreJob::jobId).containsExactly("R1", "R2");
            assertThat(firstOfAll.next()).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aRestoreTestKeepsItsPlanValidationDeletionAndMeasuresAndListsByPlan(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            String plan = "arn:aws:backup:us-east-1:000000000000:restore-testing-plan:nightly-1";
            RestoreJob tested = restore("T1", RestoreJobStatus.PENDING, 5_000).withTest(RestoreTest.of(plan, 2));
            catalog.write(tx -> {
                tx.jobs().insert(restore("R1", RestoreJobStatus.COMPLETED, 1_000));
                tx.jobs().insert(tested);
                return null;
            });
            RestoreJob done = tested.finished(RestoreJobStatus.COMPLETED, null, Instant.ofEpochMilli(9_000), null)
                    .withTest(tested.test().measured(Duration.ofHours(3), Duration.ofSeconds(4))
                            .validated(RestoreValidationStatus.FAILED, "file a differs", Instant.ofEpochMilli(20_000))
                            .deletion(RestoreDeletionStatus.DELETING, null));
            catalog.write(tx -> tx.jobs().update(done));

            assertThat(catalog.read(tx -> tx.restoreJobs().find("T1")).orElseThrow()).isEqualTo(done);
            assertThat(catalog.read(tx -> tx.restoreJobs().find("R1")).orElseThrow().test()).isNull();
            List<RestoreJob> awaiting = catalog.read(tx -> tx.restoreJobs().testsAwaitingDeletion());
            assertThat(awaiting).containsExactly(done);
            List<RestoreJob> completed = catalog.read(tx -> tx.restoreJobs().testsCompletedBetween(T0,
                    Instant.ofEpochMilli(10_000)));
            assertThat(completed).containsExactly(done);
            Page<RestoreJob> byPlan = catalog.read(tx -> tx.restoreJobs().list(new RestoreJobFilter(null, null, null,
                    null, null, null, null, null, null, plan), new PageRequest(10, null)));
            assertThat(byPlan.items()).extracting(RestoreJob::jobId).containsExactly("T1");

            RestoreJob deleted = done.withTest(done.test().deletion(RestoreDeletionStatus.SUCCESSFUL, null));
            catalog.write(tx -> tx.jobs().update(deleted));
            List<RestoreJob> afterDeletion = catalog.read(tx -> tx.restoreJobs().testsAwaitingDeletion());
            assertThat(afterDeletion).isEmpty();
        }
    }
}
