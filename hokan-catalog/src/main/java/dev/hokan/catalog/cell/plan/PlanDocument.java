package dev.hokan.catalog.cell.plan;

import java.util.List;

/** The user-supplied body of a backup plan version. */
public record PlanDocument(String backupPlanName, List<BackupRule> rules, List<AdvancedBackupSetting> advancedBackupSettings) {
    /** The same document with rule IDs removed, for comparing what two callers asked for. */
    public PlanDocument withoutRuleIds() {
        return new PlanDocument(backupPlanName, rules.stream().map(r -> r.withRuleId(null)).toList(), advancedBackupSettings);
    }
}
