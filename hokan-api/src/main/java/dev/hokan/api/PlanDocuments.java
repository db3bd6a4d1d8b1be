package dev.hokan.api;

import dev.hokan.catalog.cell.plan.AdvancedBackupSetting;
import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.CopyAction;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.engine.Account;
import dev.hokan.engine.ServiceException;
import java.util.List;

/** Plan documents and lifecycles between the wire shapes (BackupPlanInput, BackupPlan, Lifecycle) and records. */
final class PlanDocuments {
    private PlanDocuments() {
    }

    static PlanDocument parse(Input in) {
        String name = in.requiredString("BackupPlanName");
        List<Input> rules = in.objects("Rules");
        if (rules == null) {
            throw ServiceException.missingParameter("BackupPlan.Rules");
        }
        List<Input> scanSettings = in.objects("ScanSettings");
        if (scanSettings != null && !scanSettings.isEmpty()) {
            throw ServiceException.invalidParameter("ScanSettings is not supported: this Hokan server has no malware"
                    + " scanning; leave it out");
        }
        List<Input> advanced = in.objects("AdvancedBackupSettings");
        return new PlanDocument(name, rules.stream().map(PlanDocuments::rule).toList(),
                advanced == null ? null : advanced.stream()
                        .map(a -> new AdvancedBackupSetting(a.string("ResourceType"), a.stringMap("BackupOptions")))
                        .toList());
    }

    private static BackupRule rule(Input r) {
        refuseUnsupported(r, "IndexActions", "this Hokan server has no backup indexes");
        refuseUnsupported(r, "ScanActions", "this Hokan server has no malware scanning");
        if (r.string("TargetLogicallyAirGappedBackupVaultArn") != null) {
            throw unsupported(r, "TargetLogicallyAirGappedBackupVaultArn",
                    "logically air-gapped vaults take recovery points only by copy: name the vault in CopyActions");
        }
        List<Input> copies = r.objects("CopyActions");
        return new BackupRule(null, r.string("RuleName"), r.string("TargetBackupVaultName"),
                r.string("ScheduleExpression"), r.string("ScheduleExpressionTimezone"), r.longValue("StartWindowMinutes"),
                r.longValue("CompletionWindowMinutes"), lifecycle(r.object("Lifecycle")), r.stringMap("RecoveryPointTags"),
                copies == null ? null : copies.stream()
                        .map(c -> new CopyAction(c.string("DestinationBackupVaultArn"), lifecycle(c.object("Lifecycle"))))
                        .toList(),
                r.bool("EnableContinuousBackup"));
    }

    /** A rule member Hokan cannot act on is refused, never dropped: whoever sent it would believe it in force. */
    private static void refuseUnsupported(Input r, String member, String why) {
        List<Input> actions = r.objects(member);
        if (actions != null && !actions.isEmpty()) {
            throw unsupported(r, member, why);
        }
    }

    private static ServiceException unsupported(Input r, String member, String why) {
        return ServiceException.invalidParameter("Error in rule " + r.string("RuleName") + " : " + member
                + " is not supported: " + why + "; leave it out");
    }

    static Lifecycle lifecycle(Input in) {
        if (in == null) {
            return null;
        }
        return new Lifecycle(in.longValue("MoveToColdStorageAfterDays"), in.longValue("DeleteAfterDays"),
                in.bool("OptInToArchiveForSupportedResources"));
    }

    static JsonOut render(PlanDocument d) {
        return JsonOut.object()
                .put("BackupPlanName", d.backupPlanName())
                .putList("Rules", d.rules().stream().map(PlanDocuments::render).toList())
                .putList("AdvancedBackupSettings", advancedBackupSettings(d));
    }

    /** The plan's advanced settings, or null when it has none (the member is then left out). */
    static List<JsonOut> advancedBackupSettings(PlanDocument d) {
        if (d.advancedBackupSettings() == null || d.advancedBackupSettings().isEmpty()) {
            return null;
        }
        return d.advancedBackupSettings().stream()
                .map(a -> JsonOut.object().put("ResourceType", a.resourceType())
                        .putStrings("BackupOptions", a.backupOptions()))
                .toList();
    }

    private static JsonOut render(BackupRule r) {
        return JsonOut.object()
                .put("RuleName", r.ruleName())
                .put("TargetBackupVaultName", r.targetBackupVaultName())
                .put("ScheduleExpression", r.scheduleExpression())
                .put("StartWindowMinutes", r.startWindowMinutes())
                .put("CompletionWindowMinutes", r.completionWindowMinutes())
                .put("Lifecycle", render(r.lifecycle()))
                .putStrings("RecoveryPointTags", r.recoveryPointTags() == null || r.recoveryPointTags().isEmpty()
                        ? null : r.recoveryPointTags())
                .put("RuleId", r.ruleId())
                .putList("CopyActions", r.copyActions() == null || r.copyActions().isEmpty() ? null
                        : r.copyActions().stream().map(c -> JsonOut.object()
                        .put("Lifecycle", render(c.lifecycle()))
                        .put("DestinationBackupVaultArn", c.destinationBackupVaultArn())).toList())
                .put("EnableContinuousBackup", r.enableContinuousBackup())
                .put("ScheduleExpressionTimezone", r.scheduleExpressionTimezone());
    }

    /** The RecoveryPointCreator shape; null for on-demand backups. */
    static JsonOut render(Account account, RecoveryPointCreator creator) {
        return creator == null ? null : JsonOut.object()
                .put("BackupPlanId", creator.backupPlanId())
                .put("BackupPlanArn", account.planArn(creator.backupPlanId()))
                .put("BackupPlanVersion", creator.backupPlanVersion())
                .put("BackupRuleId", creator.backupRuleId());
    }

    static JsonOut render(Lifecycle l) {
        if (l == null || l.isEmpty()) {
            return null;
        }
        return JsonOut.object()
                .put("MoveToColdStorageAfterDays", l.moveToColdStorageAfterDays())
                .put("DeleteAfterDays", l.deleteAfterDays())
                .put("OptInToArchiveForSupportedResources", l.optInToArchiveForSupportedResources());
    }
}
