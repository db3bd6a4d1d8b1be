package dev.hokan.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.job.JobClaim;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningJobTest {
    private static final Instant COMPLETE_BY = Instant.parse("2025-03-01T04:00:00Z");

    @Test
    void aJobThatKeepsPartialResultsIsToldToFinishWhenItsCompletionWindowEnds() {
        RunningJob job = new RunningJob("resource", COMPLETE_BY, true);
        job.completionWindowEnded();
        assertThat(job.finishSignal().requested()).isTrue();
        assertThat(job.finishSignal().reason()).contains("completion window ended at " + COMPLETE_BY);
        assertThat(job.stopRequested()).isFalse();

        job.stop(BackupJobState.ABORTED, "Stopped by StopBackupJob");
        assertThat(job.stopOutcome()).as("a user's stop still keeps nothing").isEqualTo(BackupJobState.ABORTED);
    }

    @Test
    void anyOtherJobIsAbortedWhenItsCompletionWindowEnds() {
        RunningJob job = new RunningJob("resource", COMPLETE_BY, false);
        job.completionWindowEnded();
        assertThat(job.finishSignal().requested()).isFalse();
        assertThat(job.stopRequested()).isTrue();
        assertThat(job.stopOutcome()).isEqualTo(BackupJobState.ABORTED);
        assertThat(job.stopReason()).contains("completion window ended at " + COMPLETE_BY).contains("kept nothing");
    }

    @Test
    void aStopByTheUserIsNotOverwrittenByTheCompletionWindow() {
        RunningJob job = new RunningJob("resource", COMPLETE_BY, false);
        job.stop(BackupJobState.ABORTED, "Stopped by StopBackupJob");
        job.completionWindowEnded();
        assertThat(job.stopReason()).isEqualTo("Stopped by StopBackupJob");
    }

    @Test
    void aJobWhoseEndIsCommittedIsNeitherRenewedNorInterruptedByTheLossOfItsClaim() {
        RunningJob job = new RunningJob("resource", null, false);
        assertThat(job.begin()).isTrue();
        assertThat(job.holdsClaim()).isTrue();
        job.endCommitted();
        assertThat(job.holdsClaim()).isFalse();

        job.abandon();
        assertThat(Thread.interrupted()).as("a restore test validating after its end keeps running").isFalse();
        assertThat(job.abandoned()).isFalse();
        job.end();
    }

    /**
     * The lease renewal that waited for the catalog while the job committed its end finds the claim gone, given up by
     * that commit; its abandonment used to interrupt the job as it went on (a restore test deleting its scratch
     * bucket), whose next call then failed.
     */
    @Test
    void anAbandonmentWhileTheEndIsCommittedDoesNotInterruptTheJob(@TempDir Path dir) {
        try (CellCatalog catalog = CellCatalog.open(dir.resolve("catalog.db"))) {
            RunningJob job = claimed(catalog);
            job.commitEnd(tx -> {
                job.abandon();
                job.stop(BackupJobState.ABORTED, "Stopped by StopBackupJob");
                return null;
            });
            assertThat(Thread.interrupted()).isFalse();
            assertThat(job.abandoned()).isFalse();
            job.end();
        }
    }

    @Test
    void anAbandonmentWhileAnEndThatFailsIsCommittedInterruptsTheJob(@TempDir Path dir) {
        try (CellCatalog catalog = CellCatalog.open(dir.resolve("catalog.db"))) {
            RunningJob job = claimed(catalog);
            assertThatThrownBy(() -> job.commitEnd(tx -> {
                job.abandon();
                throw new IllegalStateException("the catalog refused the end");
            })).hasMessage("the catalog refused the end");
            assertThat(Thread.interrupted()).isTrue();
            assertThat(job.abandoned()).isTrue();
            job.end();
        }
    }

    private static RunningJob claimed(CellCatalog catalog) {
        Instant now = Instant.parse("2026-12-06T03:00:00Z");
        RestoreJob waiting = new RestoreJob("job-1", "point-1", "daily", "arn:web", new ResourceType("Directory"),
                RestoreJobStatus.PENDING, null, now, null, 0, 1, "arn:role", null, Map.of(), now, null);
        catalog.write(tx -> {
            tx.vaults().insert(new BackupVault("daily", now, null, "arn:key", 0));
            tx.restoreJobs().insert(waiting);
            return null;
        });
        JobLeases leases = new JobLeases(catalog, "node-1", JobLeases.DEFAULT_LEASE);
        JobClaim claim = leases.claim(waiting, waiting.withState(RestoreJobStatus.RUNNING, null), now).orElseThrow();
        RunningJob job = new RunningJob(null, null, false);
        job.hold(leases, claim, System.nanoTime());
        assertThat(job.begin()).isTrue();
        return job;
    }

    @Test
    void aLeaseEndsOneLeaseAfterTheTransactionThatLastConfirmedItBegan() {
        Duration lease = Duration.ofSeconds(3);
        RunningJob job = new RunningJob(null, null, false);
        job.hold(null, null, 1_000);
        assertThat(job.leaseEnded(1_000 + lease.toNanos() - 1, lease)).isFalse();
        assertThat(job.leaseEnded(1_000 + lease.toNanos(), lease)).isTrue();
        job.leaseRenewed(2_000_000_000L);
        assertThat(job.leaseEnded(1_000 + lease.toNanos(), lease)).as("renewed meanwhile").isFalse();
    }
}
