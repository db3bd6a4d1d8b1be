package dev.hokan.engine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobHistoryTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant HISTORY_START = NOW.minus(Duration.ofDays(30));

    @Test
    void jobListsCoverTheLastThirtyDaysAtMost() {
        assertThat(BackupJobService.inHistory(null, NOW)).isEqualTo(HISTORY_START.minusMillis(1));
        assertThat(BackupJobService.inHistory(HISTORY_START.minusSeconds(1), NOW))
                .isEqualTo(HISTORY_START.minusMillis(1));
        assertThat(BackupJobService.inHistory(HISTORY_START.plusSeconds(1), NOW))
                .isEqualTo(HISTORY_START.plusSeconds(1));
    }
}
