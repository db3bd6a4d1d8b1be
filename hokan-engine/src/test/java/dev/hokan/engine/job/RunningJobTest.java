package dev.hokan.engine.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.job.BackupJobState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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
