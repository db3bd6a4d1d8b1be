package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.audit.ControlScope;
import dev.hokan.catalog.cell.audit.FrameworkControl;
import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.engine.plan.PlanTemplate;
import dev.hokan.engine.plan.PlanTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A framework template per backup plan template (the four data tiers of the backup strategy), made from the tier's
 * RPO, RTO and retention as its plan template states them, so that the tier's targets are checked as controls.
 * Every control takes what carries the tag {@code hokan:tier} with the tier's name: the resources and the plan made
 * from the tier's template (tag both with it) and the recovery points, which the template's rule tags itself.
 */
public final class FrameworkTemplates {
    public static final String TIER_TAG = PlanTemplates.TIER_TAG;
    private static final String RPO_TAG = PlanTemplates.RPO_TAG;
    private static final String RTO_TAG = PlanTemplates.RTO_TAG;
    private static final long MINUTES_PER_HOUR = 60;
    private static final long MINUTES_PER_DAY = 1440;

    private FrameworkTemplates() {
    }

    public static List<FrameworkTemplate> all() {
        return PlanTemplates.all().stream().map(FrameworkTemplates::of).toList();
    }

    public static Optional<FrameworkTemplate> find(String templateName) {
        return all().stream().filter(t -> t.templateName().equals(templateName)).findFirst();
    }

    private static FrameworkTemplate of(PlanTemplate plan) {
        BackupRule rule = plan.document().rules().getFirst();
        String tier = rule.recoveryPointTags().get(TIER_TAG);
        long rpo = Long.parseLong(rule.recoveryPointTags().get(RPO_TAG));
        long rto = Long.parseLong(rule.recoveryPointTags().get(RTO_TAG));
        String retention = rule.lifecycle().deleteAfterDays().toString();
        ControlScope scope = new ControlScope(null, null, Map.of(TIER_TAG, tier));
        Map<String, String> frequency = age(rpo, "requiredFrequencyUnit", "requiredFrequencyValue");
        frequency.put("requiredRetentionDays", retention);
        return new FrameworkTemplate(tier, rpo, rto, List.of(
                new FrameworkControl("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", Map.of(), scope),
                new FrameworkControl("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", frequency, scope),
                new FrameworkControl("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                        Map.of("requiredRetentionDays", retention), scope),
                new FrameworkControl("BACKUP_LAST_RECOVERY_POINT_CREATED",
                        age(rpo, "recoveryPointAgeUnit", "recoveryPointAgeValue"), scope),
                new FrameworkControl("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
                        Map.of("maxRestoreTime", Long.toString(rto)), scope),
                new FrameworkControl("HOKAN_3_2_1_1", Map.of("rpoMinutes", Long.toString(rpo)), scope)));
    }

    /**
     * An RPO as AWS's unit and value parameters: whole days from a day on, else hours, at least one (snapshot
     * backups run at most hourly, so a 15 minute RPO is checked as an hour's).
     */
    private static Map<String, String> age(long rpoMinutes, String unit, String value) {
        Map<String, String> parameters = new LinkedHashMap<>();
        boolean days = rpoMinutes >= MINUTES_PER_DAY;
        parameters.put(unit, days ? "days" : "hours");
        parameters.put(value, Long.toString(days ? rpoMinutes / MINUTES_PER_DAY
                : Math.max(1, rpoMinutes / MINUTES_PER_HOUR)));
        return parameters;
    }
}
