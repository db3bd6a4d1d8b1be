package dev.hokan.engine.schedule;

import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.PlanRevision;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan's versions laid out on the clock. Each version is in effect from its creation until the next one's, and a
 * firing runs with the version in effect at its scheduled time, so an update changes later firings only. A rate()
 * rule counts from the moment it got its current expression: the plan's creation, or the update that added the rule
 * or changed its schedule.
 */
final class PlanTimeline {
    private final List<PlanRevision> revisions;

    /** @param revisions the plan's versions in the order they became current */
    PlanTimeline(List<PlanRevision> revisions) {
        this.revisions = revisions;
    }

    /** Every rule firing in {@code (after, until]}, oldest first; rules of one version keep their document order. */
    List<Firing> firings(Instant after, Instant until) {
        List<Firing> firings = new ArrayList<>();
        Map<String, Anchor> anchors = Map.of();
        for (int i = 0; i < revisions.size(); i++) {
            PlanRevision version = revisions.get(i);
            Map<String, Anchor> current = anchors(anchors, version);
            anchors = current;
            Instant from = latest(after, version.creationDate().minusMillis(1));
            Instant to = i + 1 < revisions.size()
                    ? earliest(until, revisions.get(i + 1).creationDate().minusMillis(1)) : until;
            if (from.isBefore(to)) {
                for (BackupRule rule : version.document().rules()) {
                    ScheduleExpression schedule = ScheduleExpression.parse(rule.scheduleExpression());
                    ZoneId zone = ZoneId.of(rule.scheduleExpressionTimezone());
                    for (Instant at : schedule.firings(from, to, zone, current.get(rule.ruleId()).since())) {
                        firings.add(new Firing(at, version.versionId(), rule));
                    }
                }
            }
        }
        firings.sort(Comparator.comparing(Firing::at));
        return firings;
    }

    /**
     * The next {@code count} firings after {@code after} of the current version's rules, soonest first: what runs if
     * the plan is not changed.
     */
    List<Firing> upcoming(Instant after, int count) {
        Map<String, Anchor> anchors = Map.of();
        for (PlanRevision version : revisions) {
            anchors = anchors(anchors, version);
        }
        PlanRevision current = revisions.getLast();
        List<Firing> firings = new ArrayList<>();
        for (BackupRule rule : current.document().rules()) {
            ScheduleExpression schedule = ScheduleExpression.parse(rule.scheduleExpression());
            ZoneId zone = ZoneId.of(rule.scheduleExpressionTimezone());
            Instant since = anchors.get(rule.ruleId()).since();
            Optional<Instant> next = schedule.next(after, zone, since);
            for (int i = 0; i < count && next.isPresent(); i++) {
                firings.add(new Firing(next.get(), current.versionId(), rule));
                next = schedule.next(next.get(), zone, since);
            }
        }
        return firings.stream().sorted(Comparator.comparing(Firing::at)).limit(count).toList();
    }

    /** Where each rule of {@code version} counts from: kept from {@code earlier} while its schedule is unchanged. */
    private static Map<String, Anchor> anchors(Map<String, Anchor> earlier, PlanRevision version) {
        Map<String, Anchor> current = new HashMap<>();
        for (BackupRule rule : version.document().rules()) {
            Anchor before = earlier.get(rule.ruleId());
            current.put(rule.ruleId(), before != null && before.expression().equals(rule.scheduleExpression())
                    ? before : new Anchor(rule.scheduleExpression(), version.creationDate()));
        }
        return current;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** One scheduled run of a rule, with the plan version in effect at that time. */
    record Firing(Instant at, String versionId, BackupRule rule) {
    }

    private record Anchor(String expression, Instant since) {
    }
}
