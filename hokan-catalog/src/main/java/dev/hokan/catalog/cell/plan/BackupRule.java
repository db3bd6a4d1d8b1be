package dev.hokan.catalog.cell.plan;

import dev.hokan.catalog.cell.vault.Lifecycle;
import java.util.List;
import java.util.Map;

public record BackupRule(String ruleId, String ruleName, String targetBackupVaultName, String scheduleExpression,
                         String scheduleExpressionTimezone, Long startWindowMinutes, Long completionWindowMinutes,
                         Lifecycle lifecycle, Map<String, String> recoveryPointTags, List<CopyAction> copyActions,
                         Boolean enableContinuousBackup) {
    public BackupRule withRuleId(String id) {
        return new BackupRule(id, ruleName, targetBackupVaultName, scheduleExpression, scheduleExpressionTimezone,
                startWindowMinutes, completionWindowMinutes, lifecycle, recoveryPointTags, copyActions,
                enableContinuousBackup);
    }
}
