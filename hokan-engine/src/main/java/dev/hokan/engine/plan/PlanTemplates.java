package dev.hokan.engine.plan;

import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.vault.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan templates Hokan ships: the four data tiers of the backup strategy (mission_critical,
 * business_critical, operational, archival). Each rule tags its points with the tier's RPO and RTO in minutes.
 * Snapshot backups run at most hourly, so the mission_critical rule is hourly although its stated RPO is 15
 * minutes; the tier's cross-region copies need a second site and are not part of the template.
 */
public final class PlanTemplates {
    /** Tags each tier's rule puts on its points: the tier, and the RPO and RTO it promises, in minutes. */
    public static final String TIER_TAG = "hokan:tier";
    public static final String RPO_TAG = "hokan:rpo-minutes";
    public static final String RTO_TAG = "hokan:rto-minutes";

    private static final List<PlanTemplate> ALL = List.of(
            tier("mission_critical", "cron(0 * ? * * *)", 15, 30, new Lifecycle(null, 2555L, null)),
            tier("business_critical", "cron(0 * ? * * *)", 60, 240, new Lifecycle(null, 1095L, null)),
            tier("operational", "cron(0 5 ? * * *)", 1440, 1440, new Lifecycle(null, 365L, null)),
            tier("archival", "cron(0 5 ? * SUN *)", 10080, 10080, new Lifecycle(30L, 3650L, null)));

    private PlanTemplates() {
    }

    public static List<PlanTemplate> all() {
        return ALL;
    }

    public static Optional<PlanTemplate> find(String templateId) {
        return ALL.stream().filter(t -> t.templateId().equals(templateId)).findFirst();
    }

    private static PlanTemplate tier(String name, String schedule, int rpoMinutes, int rtoMinutes, Lifecycle lifecycle) {
        BackupRule rule = new BackupRule(null, name + "-backup", "Default", schedule, PlanValidator.DEFAULT_TIMEZONE,
                60L, PlanValidator.DEFAULT_COMPLETION_WINDOW, lifecycle,
                Map.of(TIER_TAG, name, RPO_TAG, Integer.toString(rpoMinutes), RTO_TAG, Integer.toString(rtoMinutes)),
                List.of(), null);
        return new PlanTemplate(name, name, new PlanDocument(name, List.of(rule), List.of()));
    }
}
