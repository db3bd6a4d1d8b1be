package dev.hokan.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RateExpressionTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant ANCHOR = Instant.parse("2026-03-07T10:15:00Z");

    @Test
    void firesEveryPeriodAfterItsAnchor() {
        ScheduleExpression every2h = ScheduleExpression.parse("rate(2 hours)");
        assertThat(every2h.next(ANCHOR.minusSeconds(3600), NEW_YORK, ANCHOR)).contains(ANCHOR.plus(Duration.ofHours(2)));
        assertThat(every2h.next(ANCHOR, NEW_YORK, ANCHOR)).contains(ANCHOR.plus(Duration.ofHours(2)));
        assertThat(every2h.next(ANCHOR.plus(Duration.ofHours(3)), NEW_YORK, ANCHOR))
                .contains(ANCHOR.plus(Duration.ofHours(4)));
        assertThat(every2h.next(ANCHOR.plus(Duration.ofHours(4)), NEW_YORK, ANCHOR))
                .contains(ANCHOR.plus(Duration.ofHours(6)));
    }

    @Test
    void aDailyRateKeepsTwentyFourHoursAcrossDaylightSaving() {
        ScheduleExpression daily = ScheduleExpression.parse("rate(1 day)");
        assertThat(daily.firings(ANCHOR, ANCHOR.plus(Duration.ofDays(3)), NEW_YORK, ANCHOR)).containsExactly(
                Instant.parse("2026-03-08T10:15:00Z"), Instant.parse("2026-03-09T10:15:00Z"),
                Instant.parse("2026-03-10T10:15:00Z"));
    }

    @Test
    void minutesAreAccepted() {
        assertThat(ScheduleExpression.parse("rate(90 minutes)").next(ANCHOR, NEW_YORK, ANCHOR))
                .contains(ANCHOR.plus(Duration.ofMinutes(90)));
    }
}
