package dev.hokan.catalog.cell.vault;

/** The plan rule that made a backup job or recovery point; absent for on-demand backups. */
public record RecoveryPointCreator(String backupPlanId, String backupPlanVersion, String backupRuleId) {
}
