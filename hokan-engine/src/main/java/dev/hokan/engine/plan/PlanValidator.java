package dev.hokan.engine.plan;

import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.CopyAction;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.copy.CopyTargets;
import dev.hokan.engine.lifecycle.LifecycleRules;
import dev.hokan.engine.schedule.ScheduleExpression;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a backup plan document and fills in the defaults AWS applies (schedule, time zone, windows), so that
 * what is stored is exactly what will run. A rule's target vault need not exist yet, as on AWS: its backups fail
 * while it is missing (docs/aws-compatibility.md).
 */
public final class PlanValidator {
    static final long DEFAULT_START_WINDOW = 480;
    static final long DEFAULT_COMPLETION_WINDOW = 10_080;
    public static final long MIN_WINDOW = 60;
    public static final long MAX_WINDOW = 52_560_000;
    static final int MAX_RULES = 100;
    static final int MAX_COPY_ACTIONS = 5;
    static final String DEFAULT_TIMEZONE = "Etc/UTC";

    private PlanValidator() {
    }

    public static PlanDocument validate(PlanDocument plan) {
        Names.plan(plan.backupPlanName());
        List<BackupRule> rules = plan.rules();
        if (rules == null || rules.isEmpty()) {
            throw ServiceException.invalidParameter("A backup plan needs at least one rule");
        }
        if (rules.size() > MAX_RULES) {
            throw ServiceException.limitExceeded("A backup plan has at most " + MAX_RULES + " rules");
        }
        Set<String> names = new HashSet<>();
        List<BackupRule> checked = rules.stream().map(r -> {
            BackupRule rule = rule(r);
            if (!names.add(rule.ruleName())) {
                throw ServiceException.invalidParameter("Rule name " + rule.ruleName()
                        + " is used more than once; rule names must be unique within a plan");
            }
            return rule;
        }).toList();
        return new PlanDocument(plan.backupPlanName(), checked,
                plan.advancedBackupSettings() == null ? List.of() : plan.advancedBackupSettings());
    }

    private static BackupRule rule(BackupRule r) {
        if (r.ruleName() == null) {
            throw ServiceException.missingParameter("RuleName");
        }
        if (!Names.isRuleOrSelectionName(r.ruleName())) {
            throw ServiceException.invalidParameter("Rule name " + r.ruleName()
                    + " is not valid: use 1 to 50 letters, digits, hyphens, underscores and periods");
        }
        String context = "Error in rule " + r.ruleName() + " : ";
        if (r.targetBackupVaultName() == null) {
            throw ServiceException.missingParameter("TargetBackupVaultName");
        }
        try {
            Names.vault(r.targetBackupVaultName());
        } catch (ServiceException e) {
            throw ServiceException.invalidParameter(context + "Backup vault name " + r.targetBackupVaultName()
                    + " is not valid", e);
        }
        String schedule = r.scheduleExpression() == null ? ScheduleExpression.DEFAULT : r.scheduleExpression();
        String problem = ScheduleExpression.problem(schedule);
        if (problem != null) {
            throw ServiceException.invalidParameter(context + "Invalid schedule expression " + schedule + ": "
                    + problem);
        }
        String timezone = r.scheduleExpressionTimezone() == null ? DEFAULT_TIMEZONE : r.scheduleExpressionTimezone();
        if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
            throw ServiceException.invalidParameter(context + "ScheduleExpressionTimezone " + timezone
                    + " is not an IANA time zone name such as Asia/Tokyo");
        }
        long start = window(context, "StartWindowMinutes", r.startWindowMinutes(), DEFAULT_START_WINDOW);
        long completion = window(context, "CompletionWindowMinutes", r.completionWindowMinutes(),
                Math.max(DEFAULT_COMPLETION_WINDOW, start + MIN_WINDOW));
        if (completion < start + MIN_WINDOW) {
            throw ServiceException.invalidParameter(context + "CompletionWindowMinutes (" + completion
                    + ") must be at least " + MIN_WINDOW + " minutes longer than StartWindowMinutes (" + start + ")");
        }
        boolean continuous = Boolean.TRUE.equals(r.enableContinuousBackup());
        Lifecycle lifecycle = LifecycleRules.check(context, r.lifecycle(), continuous);
        List<CopyAction> copies = r.copyActions() == null ? List.of() : r.copyActions();
        if (copies.size() > MAX_COPY_ACTIONS) {
            throw ServiceException.limitExceeded(context + "A rule has at most " + MAX_COPY_ACTIONS + " copy actions");
        }
        copies.forEach(c -> copyAction(context, c, continuous));
        return new BackupRule(r.ruleId(), r.ruleName(), r.targetBackupVaultName(), schedule, timezone, start,
                completion, lifecycle.isEmpty() ? null : lifecycle,
                Names.tags("RecoveryPointTags", r.recoveryPointTags()), copies, r.enableContinuousBackup());
    }

    private static void copyAction(String context, CopyAction c, boolean continuous) {
        if (c.destinationBackupVaultArn() == null) {
            throw ServiceException.missingParameter("DestinationBackupVaultArn");
        }
        if (CopyTargets.vaultName(c.destinationBackupVaultArn()).isEmpty()) {
            throw ServiceException.invalidParameter(context + "DestinationBackupVaultArn "
                    + c.destinationBackupVaultArn() + " is not a backup vault ARN");
        }
        LifecycleRules.check(context + "copy action: ", c.lifecycle(), continuous);
    }

    private static long window(String context, String member, Long minutes, long defaultMinutes) {
        if (minutes == null) {
            return defaultMinutes;
        }
        if (minutes < MIN_WINDOW || minutes > MAX_WINDOW) {
            throw ServiceException.invalidParameter(context + member + " must be between " + MIN_WINDOW + " and "
                    + MAX_WINDOW + " minutes, got " + minutes);
        }
        return minutes;
    }
}
