package dev.hokan.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.plan.PlanRevision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTimelineTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    private static BackupRule rule(String id, String schedule) {
        return new BackupRule(id, "rule-" + id, "vault", schedule, "Etc/UTC", 480L, 10_080L, null, Map.of(), List.of(),
                null);
    }

    private static PlanRevision version(String id, Instant at, BackupRule... rules) {
        return new PlanRevision(id, new PlanDocument("plan", List.of(rules), List.of()), at);
    }

    private static List<String> firings(PlanTimeline timeline, Instant after, Instant until) {
        return timeline.firings(after, until).stream()
                .map(f -> f.at() + " " + f.versionId() + " " + f.rule().ruleId()).toList();
    }

    @Test
    void eachFiringRunsWithTheVersionInEffectAtItsTime() {
        Instant update = Instant.parse("2026-06-03T12:00:00Z");
        PlanTimeline timeline = new PlanTimeline(List.of(
                version("v1", T0, rule("a", "cron(0 21 * * ? *)")),
                version("v2", update, rule("a", "cron(0 21 * * ? *)"), rule("b", "cron(0 22 * * ? *)"))));
        assertThat(firings(timeline, T0, Instant.parse("2026-06-04T23:00:00Z"))).containsExactly(
                "2026-06-01T21:00:00Z v1 a",
                "2026-06-02T21:00:00Z v1 a",
                "2026-06-03T21:00:00Z v2 a",
                "2026-06-03T22:00:00Z v2 b",
                "2026-06-04T21:00:00Z v2 a",
                "2026-06-04T22:00:00Z v2 b");
    }

    @Test
    void aFiringAtTheMomentOfAnUpdateUsesTheNewVersion() {
        Instant update = Instant.parse("2026-06-01T21:00:00Z");
        PlanTimeline timeline = new PlanTimeline(List.of(version("v1", T0, rule("a", "cron(0 21 * * ? *)")),
                version("v2", update, rule("a", "cron(0 21 * * ? *)"))));
        assertThat(firings(timeline, T0, update)).containsExactly("2026-06-01T21:00:00Z v2 a");
    }

    @Test
    void versionsCreatedAtTheSameInstantLeaveOnlyTheLastInEffect() {
        PlanTimeline timeline = new PlanTimeline(List.of(version("v1", T0, rule("a", "cron(0 21 * * ? *)")),
                version("v2", T0, rule("b", "cron(0 21 * * ? *)"))));
        assertThat(firings(timeline, T0, T0.plus(Duration.ofDays(1)))).containsExactly("2026-06-01T21:00:00Z v2 b");
    }

    @Test
    void aRateCountsFromWhenItsRuleGotItsSchedule() {
        Instant unrelated = T0.plus(Duration.ofMinutes(90));
        Instant changed = T0.plus(Duration.ofMinutes(330));
        PlanTimeline timeline = new PlanTimeline(List.of(
                version("v1", T0, rule("a", "rate(2 hours)")),
                version("v2", unrelated, rule("a", "rate(2 hours)"), rule("b", "rate(3 hours)")),
                version("v3", changed, rule("a", "rate(1 hour)"), rule("b", "rate(3 hours)"))));
        assertThat(firings(timeline, T0, T0.plus(Duration.ofHours(8)))).containsExactly(
                "2026-06-01T12:00:00Z v2 a",
                "2026-06-01T14:00:00Z v2 a",
                "2026-06-01T14:30:00Z v2 b",
                "2026-06-01T16:30:00Z v3 a",
                "2026-06-01T17:30:00Z v3 a",
                "2026-06-01T17:30:00Z v3 b");
    }

    @Test
    void nothingFiresAtOrBeforeTheStart() {
        PlanTimeline timeline = new PlanTimeline(List.of(version("v1", T0, rule("a", "cron(0 10 * * ? *)"))));
        assertThat(firings(timeline, T0, T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(firings(timeline, T0, T0.plus(Duration.ofDays(1)))).containsExactly("2026-06-02T10:00:00Z v1 a");
    }
}
