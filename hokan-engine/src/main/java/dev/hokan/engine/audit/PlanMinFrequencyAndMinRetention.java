package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.engine.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A backup plan has a rule that backs up at least as often as required and keeps its points at least as long:
 * the longest gap between the rule's firings over the next two months (a continuous rule protects all the time),
 * and its DeleteAfterDays (none keeps them for ever).
 */
final class PlanMinFrequencyAndMinRetention implements Control<Target.Plan> {
    private static final String UNIT = "requiredFrequencyUnit";
    private static final String VALUE = "requiredFrequencyValue";
    private static final String RETENTION = "requiredRetentionDays";
    private static final Duration LOOK_AHEAD = Duration.ofDays(62);

    @Override
    public String name() {
        return "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.unit(UNIT, "days"), ControlParameter.number(VALUE, 1L, 31),
                ControlParameter.number(RETENTION, 35L, 36500));
    }

    @Override
    public void checkTogether(ControlInputs inputs) {
        inputs.requireAtMost(name(), UNIT, VALUE, "hours", 24);
    }

    @Override
    public List<Target.Plan> targets(AuditedCell cell) {
        return cell.plans();
    }

    @Override
    public Verdict evaluate(Target.Plan target, ControlInputs inputs, AuditedCell cell) {
        Duration required = inputs.duration(UNIT, VALUE);
        long retention = inputs.number(RETENTION);
        List<BackupRule> rules = target.plan().document().rules();
        for (BackupRule rule : rules) {
            Long keptDays = rule.lifecycle() == null ? null : rule.lifecycle().deleteAfterDays();
            if (longestGap(rule, cell.now()).compareTo(required) <= 0 && (keptDays == null || keptDays >= retention)) {
                return Verdict.compliant("rule " + rule.ruleName() + " backs up at least every "
                        + inputs.described(UNIT, VALUE) + " and keeps its points "
                        + (keptDays == null ? "for ever" : keptDays + " days"));
            }
        }
        return Verdict.nonCompliant("no rule backs up at least every " + inputs.described(UNIT, VALUE)
                + " and keeps its points at least " + retention + " days");
    }

    private static Duration longestGap(BackupRule rule, Instant now) {
        if (Boolean.TRUE.equals(rule.enableContinuousBackup())) {
            return Duration.ZERO;
        }
        ZoneId zone = ZoneId.of(rule.scheduleExpressionTimezone());
        List<Instant> firings = ScheduleExpression.parse(rule.scheduleExpression()).firings(now,
                now.plus(LOOK_AHEAD), zone, now);
        if (firings.size() < 2) {
            return LOOK_AHEAD;
        }
        Duration longest = Duration.ZERO;
        for (int i = 1; i < firings.size(); i++) {
            Duration gap = Duration.between(firings.get(i - 1), firings.get(i));
            longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        return longest;
    }
}
