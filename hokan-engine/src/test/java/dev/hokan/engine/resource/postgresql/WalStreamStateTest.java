package dev.hokan.engine.resource.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.engine.resource.postgresql.WalStreamState.BaseBackup;
import dev.hokan.engine.resource.postgresql.WalStreamState.SealedSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window of a continuous PostgreSQL point, what a restore reads, and what retention and gaps free. */
class WalStreamStateTest {
    private static final long SEGMENT = 16L << 20;
    private static final Instant DAY0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Instant day(int d) {
        return DAY0.plus(Duration.ofDays(d));
    }

    private static SealedSegment segment(int n) {
        return new SealedSegment(n * SEGMENT, (n + 1) * SEGMENT, "wal-" + n);
    }

    /** Base backups on days 0, 1 and 2 (each starting in segment 2d+1), WAL sealed through segment 6, latest day 3. */
    private static WalStreamState threeDays() {
        WalStreamState s = new WalStreamState("hokan_x", "7", 1, SEGMENT, SEGMENT, SEGMENT, null, List.of(), List.of());
        for (int n = 1; n <= 6; n++) {
            s = s.sealed(segment(n), day(3));
        }
        for (int d = 0; d < 3; d++) {
            s = s.withBaseBackup(new BaseBackup("base-" + d, (2 * d + 1) * SEGMENT + 40, (2 * d + 1) * SEGMENT + 900,
                    day(d)));
        }
        return s;
    }

    @Test
    void theWindowRunsFromTheFirstSealedBaseBackupToTheLatestSampleAndARestoreStartsFromTheLatestBaseBeforeIt() {
        WalStreamState s = threeDays();
        assertThat(s.earliest()).contains(day(0).plusMillis(1));
        assertThat(s.latestRestorable()).contains(day(3));
        BaseBackup base = s.baseFor(day(1).plusSeconds(5)).orElseThrow();
        assertThat(base.snapshotId()).isEqualTo("base-1");
        assertThat(s.segmentsAfter(base)).extracting(SealedSegment::snapshotId)
                .containsExactly("wal-3", "wal-4", "wal-5", "wal-6");
        assertThat(s.newestBase()).map(BaseBackup::snapshotId).contains("base-2");

        WalStreamState unsealed = s.withBaseBackup(new BaseBackup("base-late", 6 * SEGMENT, 8 * SEGMENT, day(4)));
        assertThat(unsealed.usable()).extracting(BaseBackup::snapshotId).doesNotContain("base-late");
    }

    @Test
    void retentionKeepsTheNewestBaseBeforeTheCutoffAndFreesWhatNoRestoreReaches() {
        WalStreamState s = threeDays();
        WalStreamState kept = s.retainedFrom(day(1).plusSeconds(60));
        assertThat(kept.baseBackups()).extracting(BaseBackup::snapshotId).containsExactly("base-1", "base-2");
        assertThat(kept.segments()).extracting(SealedSegment::snapshotId)
                .containsExactly("wal-3", "wal-4", "wal-5", "wal-6");
        assertThat(s.releasedBy(kept)).containsExactlyInAnyOrder("base-0", "wal-1", "wal-2");
        assertThat(kept.earliest()).contains(day(1).plusMillis(1));
        assertThat(s.retainedFrom(null).baseBackups()).hasSize(3);
    }

    @Test
    void aGapRestartsTheWindowAndDropsTheWalOfTheOldStream() {
        WalStreamState s = threeDays();
        WalStreamState restarted = s.restarted("8", 1, SEGMENT, 20 * SEGMENT);
        assertThat(restarted.earliest()).isEmpty();
        assertThat(restarted.latestRestorable()).isEmpty();
        assertThat(s.releasedBy(restarted)).containsExactlyInAnyOrder("wal-1", "wal-2", "wal-3", "wal-4", "wal-5",
                "wal-6");
        // the old base backups stay, as what a copy takes, until a base backup of the new stream exists
        assertThat(restarted.newestBase()).map(BaseBackup::snapshotId).contains("base-2");
        WalStreamState based = restarted.sealed(new SealedSegment(20 * SEGMENT, 20 * SEGMENT + 4000, "wal-20"), day(5))
                .withBaseBackup(new BaseBackup("base-new", 20 * SEGMENT + 100, 20 * SEGMENT + 2000, day(4)));
        assertThat(based.earliest()).contains(day(4).plusMillis(1));
        assertThat(based.releasedBy(based.retainedFrom(null))).containsExactlyInAnyOrder("base-0", "base-1", "base-2");
    }

    @Test
    void theStateSurvivesTheCatalog() {
        WalStreamState s = threeDays();
        assertThat(WalStreamState.parse(s.json())).contains(s);
        assertThat(WalStreamState.parse("{}")).isEmpty();
        assertThat(WalPositions.segmentName(1, 0x1_0000_0000L + 3 * SEGMENT, SEGMENT)).isEqualTo("000000010000000100000003");
        assertThat(WalPositions.text(WalPositions.parse("1/3000028"))).isEqualTo("1/3000028");
    }
}
