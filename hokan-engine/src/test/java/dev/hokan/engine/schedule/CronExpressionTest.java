package dev.hokan.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The next {@code count} firings after {@code after} (local ISO time in {@code zone}), as offset times there. */
    private static List<String> next(String expression, ZoneId zone, String after, int count) {
        ScheduleExpression schedule = ScheduleExpression.parse(expression);
        Instant t = ZonedDateTime.ofLocal(LocalDateTime.parse(after), zone, null).toInstant();
        List<String> firings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = schedule.next(t, zone, Instant.EPOCH);
            if (next.isEmpty()) {
                break;
            }
            t = next.get();
            firings.add(t.atZone(zone).toOffsetDateTime().toString());
        }
        return firings;
    }

    @Test
    void dailyAtTwentyOneUtc() {
        assertThat(next("cron(0 21 * * ? *)", UTC, "2026-06-01T21:00", 3))
                .containsExactly("2026-06-02T21:00Z", "2026-06-03T21:00Z", "2026-06-04T21:00Z");
        assertThat(next("cron(0 21 * * ? *)", UTC, "2026-06-01T20:59:59", 1)).containsExactly("2026-06-01T21:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cron(0 0 L * ? *)        | 2028-01-15T00:00 | 2028-01-31T00:00Z 2028-02-29T00:00Z 2028-03-31T00:00Z 2028-04-30T00:00Z",
        "cron(0 0 LW * ? *)       | 2026-01-01T00:00 | 2026-01-30T00:00Z 2026-02-27T00:00Z 2026-03-31T00:00Z 2026-04-30T00:00Z 2026-05-29T00:00Z",
        "cron(0 0 15W * ? *)      | 2026-01-01T00:00 | 2026-01-15T00:00Z 2026-02-16T00:00Z 2026-03-16T00:00Z 2026-04-15T00:00Z",
        "cron(0 0 15W 8 ? 2026)   | 2026-01-01T00:00 | 2026-08-14T00:00Z",
        "cron(0 0 1W * ? *)       | 2026-07-15T00:00 | 2026-08-03T00:00Z 2026-09-01T00:00Z",
        "cron(0 0 1W 2 ? *)       | 2026-01-01T00:00 | 2026-02-02T00:00Z",
        "cron(0 0 31W * ? *)      | 2026-01-01T00:00 | 2026-01-30T00:00Z 2026-03-31T00:00Z 2026-05-29T00:00Z 2026-07-31T00:00Z",
        "cron(15 10 ? * 6L *)     | 2026-01-01T00:00 | 2026-01-30T10:15Z 2026-02-27T10:15Z 2026-03-27T10:15Z",
        "cron(0 8 ? * 2#1 *)      | 2026-01-01T00:00 | 2026-01-05T08:00Z 2026-02-02T08:00Z 2026-03-02T08:00Z",
        "cron(0 8 ? * MON#1 *)    | 2026-01-05T08:00 | 2026-02-02T08:00Z",
        "cron(0 9 ? * 5#5 *)      | 2026-01-01T00:00 | 2026-01-29T09:00Z 2026-04-30T09:00Z 2026-07-30T09:00Z 2026-10-29T09:00Z 2026-12-31T09:00Z",
        "cron(0 0 ? * L *)        | 2026-01-01T00:00 | 2026-01-03T00:00Z 2026-01-10T00:00Z",
        "cron(0 3 ? * SUN *)      | 2026-01-01T00:00 | 2026-01-04T03:00Z 2026-01-11T03:00Z",
        "cron(0 0 ? * MON-FRI *)  | 2026-01-02T12:00 | 2026-01-05T00:00Z 2026-01-06T00:00Z",
        "cron(0 5/12 ? * * *)     | 2026-01-01T06:00 | 2026-01-01T17:00Z 2026-01-02T05:00Z 2026-01-02T17:00Z",
        "cron(0 0 1 JAN,JUL ? *)  | 2026-01-01T00:00 | 2026-07-01T00:00Z 2027-01-01T00:00Z",
        "cron(0 0 29 2 ? *)       | 2026-03-01T00:00 | 2028-02-29T00:00Z 2032-02-29T00:00Z",
        "cron(0 12 1 1 ? 2027-2028) | 2026-05-01T00:00 | 2027-01-01T12:00Z 2028-01-01T12:00Z",
        "cron(0 0 1 1 ? 2030/10)  | 2026-05-01T00:00 | 2030-01-01T00:00Z 2040-01-01T00:00Z 2050-01-01T00:00Z",
    })
    void calendarEdgeCases(String expression, String after, String expected) {
        List<String> want = List.of(expected.split(" "));
        assertThat(next(expression, UTC, after, want.size() + 1)).startsWith(want.toArray(String[]::new));
    }

    @Test
    void aYearRangeRunsOut() {
        assertThat(next("cron(0 12 1 1 ? 2027-2028)", UTC, "2026-05-01T00:00", 5)).hasSize(2);
        assertThat(next("cron(59 23 31 12 ? 2199)", UTC, "2199-12-31T23:59", 1)).isEmpty();
        assertThat(next("cron(0 0 31 2 ? *)", UTC, "2026-01-01T00:00", 1)).as("February never has a 31st").isEmpty();
    }

    @Test
    void aTimeSkippedBySpringForwardFiresAtTheSameInstantAsWithoutTheChange() {
        assertThat(next("cron(30 2 * * ? *)", NEW_YORK, "2026-03-07T00:00", 3))
                .containsExactly("2026-03-07T02:30-05:00", "2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00");
        assertThat(next("cron(30 2 * * ? *)", BERLIN, "2026-03-28T00:00", 3))
                .containsExactly("2026-03-28T02:30+01:00", "2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00");
    }

    @Test
    void hourlyAcrossSpringForwardNeitherSkipsNorDoubles() {
        assertThat(next("cron(0 * * * ? *)", NEW_YORK, "2026-03-08T00:30", 4)).containsExactly(
                "2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00", "2026-03-08T04:00-04:00",
                "2026-03-08T05:00-04:00");
    }

    @Test
    void aTimeRepeatedByFallBackFiresOnceAtItsFirstOccurrence() {
        assertThat(next("cron(30 1 * * ? *)", NEW_YORK, "2026-10-31T12:00", 3))
                .containsExactly("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00", "2026-11-03T01:30-05:00");
        assertThat(next("cron(30 2 * * ? *)", BERLIN, "2026-10-24T12:00", 2))
                .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
        assertThat(next("cron(0 * * * ? *)", NEW_YORK, "2026-11-01T00:30", 3))
                .containsExactly("2026-11-01T01:00-04:00", "2026-11-01T02:00-05:00", "2026-11-01T03:00-05:00");
    }

    @Test
    void firingsBetweenTwoInstantsExcludeTheStartAndIncludeTheEnd() {
        ScheduleExpression daily = ScheduleExpression.parse("cron(0 21 * * ? *)");
        Instant start = Instant.parse("2026-06-01T21:00:00Z");
        assertThat(daily.firings(start, Instant.parse("2026-06-04T21:00:00Z"), UTC, Instant.EPOCH)).containsExactly(
                Instant.parse("2026-06-02T21:00:00Z"), Instant.parse("2026-06-03T21:00:00Z"),
                Instant.parse("2026-06-04T21:00:00Z"));
        assertThat(daily.firings(start, Instant.parse("2026-06-02T20:59:59Z"), UTC, Instant.EPOCH)).isEmpty();
    }

    @Test
    void theTimeZoneMovesTheFiring() {
        assertThat(next("cron(0 6 * * ? *)", ZoneId.of("Asia/Tokyo"), "2026-06-01T07:00", 1))
                .containsExactly("2026-06-02T06:00+09:00");
        Instant tokyoSix = ScheduleExpression.parse("cron(0 6 * * ? *)")
                .next(Instant.parse("2026-06-01T00:00:00Z"), ZoneId.of("Asia/Tokyo"), Instant.EPOCH).orElseThrow();
        assertThat(tokyoSix).isEqualTo(Instant.parse("2026-06-01T21:00:00Z"));
    }
}
