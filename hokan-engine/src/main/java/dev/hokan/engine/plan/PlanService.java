package dev.hokan.engine.plan;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.plan.PlanVersion;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.vault.AirGap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

public final class PlanService {
    static final int MAX_PLANS = 300;
    static final int MAX_VERSIONS = 2000;

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;

    public PlanService(CellContext cell) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
    }

    /** Checks a plan document as CreateBackupPlan would, without storing anything. */
    public PlanDocument validate(PlanDocument document) {
        return PlanValidator.validate(document);
    }

    public BackupPlan create(PlanDocument document, Map<String, String> tags, String creatorRequestId) {
        Names.creatorRequestId(creatorRequestId);
        Map<String, String> checkedTags = Names.tags("BackupPlanTags", tags);
        return catalog.write(tx -> {
            if (creatorRequestId != null) {
                var earlier = tx.plans().findByCreatorRequestId(creatorRequestId);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            PlanDocument checked = PlanValidator.validate(document);
            checkTargets(tx, checked);
            for (BackupPlan p : tx.plans().active()) {
                if (p.document().withoutRuleIds().equals(checked)) {
                    throw ServiceException.alreadyExists("Backup plan with the same plan document already exists",
                            account.planArn(p.planId()), p.creatorRequestId());
                }
            }
            if (tx.plans().countActive() >= MAX_PLANS) {
                throw ServiceException.limitExceeded("This account already has " + MAX_PLANS + " backup plans");
            }
            Instant now = clock.now();
            BackupPlan plan = new BackupPlan(UUID.randomUUID().toString(), newVersionId(),
                    withRuleIds(checked, Map.of()), now, null, creatorRequestId, null);
            tx.plans().insert(plan);
            tx.tags().put(account.planArn(plan.planId()), checkedTags);
            return plan;
        });
    }

    public BackupPlan get(String planId, String versionId) {
        return catalog.read(tx -> {
            BackupPlan current = find(tx, planId);
            if (versionId == null) {
                return current;
            }
            return tx.plans().findVersion(planId, versionId).orElseThrow(() -> ServiceException.notFound(
                    "Backup plan " + planId + " has no version " + versionId));
        });
    }

    /** Replaces the plan's document with a new version; rules keep their RuleId while their name is unchanged. */
    public BackupPlan update(String planId, PlanDocument document) {
        return catalog.write(tx -> {
            BackupPlan current = find(tx, planId);
            if (current.isDeleted()) {
                throw ServiceException.invalidRequest("Backup plan " + planId + " was deleted and cannot be updated");
            }
            if (tx.plans().versions(planId, new PageRequest(MAX_VERSIONS, null)).next() != null) {
                throw ServiceException.limitExceeded("Backup plan " + planId + " already has " + MAX_VERSIONS
                        + " versions");
            }
            PlanDocument checked = PlanValidator.validate(document);
            checkTargets(tx, checked);
            Map<String, String> ruleIds = current.document().rules().stream()
                    .collect(Collectors.toMap(BackupRule::ruleName, BackupRule::ruleId));
            String versionId = newVersionId();
            PlanDocument stored = withRuleIds(checked, ruleIds);
            tx.plans().addVersion(planId, versionId, stored, clock.now());
            return new BackupPlan(planId, versionId, stored, current.creationDate(), null,
                    current.creatorRequestId(), current.lastExecutionDate());
        });
    }

    public BackupPlan delete(String planId) {
        return catalog.write(tx -> {
            BackupPlan plan = find(tx, planId);
            if (plan.isDeleted()) {
                throw ServiceException.notFound("Backup plan " + planId + " does not exist");
            }
            if (tx.selections().count(planId) > 0) {
                throw ServiceException.invalidRequest(
                        "Related backup plan selections must be deleted prior to backup plan deletion");
            }
            Instant now = clock.now();
            tx.plans().markDeleted(planId, now);
            return new BackupPlan(planId, plan.versionId(), plan.document(), plan.creationDate(), now,
                    plan.creatorRequestId(), plan.lastExecutionDate());
        });
    }

    public Page<BackupPlan> list(boolean includeDeleted, PageRequest page) {
        return catalog.read(tx -> tx.plans().list(includeDeleted, page));
    }

    public Page<PlanVersion> versions(String planId, PageRequest page) {
        return catalog.read(tx -> {
            find(tx, planId);
            return tx.plans().versions(planId, page);
        });
    }

    static BackupPlan find(CellTx tx, String planId) {
        if (planId == null || planId.isEmpty() || planId.length() > 100) {
            throw ServiceException.invalidParameter("BackupPlanId " + planId + " is not valid");
        }
        return tx.plans().find(planId).orElseThrow(() -> ServiceException.notFound("Backup plan " + planId
                + " does not exist"));
    }

    private static PlanDocument withRuleIds(PlanDocument document, Map<String, String> existing) {
        Function<BackupRule, BackupRule> assign = r -> r.withRuleId(
                existing.getOrDefault(r.ruleName(), UUID.randomUUID().toString()));
        List<BackupRule> rules = document.rules().stream().map(assign).toList();
        return new PlanDocument(document.backupPlanName(), rules, document.advancedBackupSettings());
    }

    private static String newVersionId() {
        return Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A rule may name a vault that does not exist yet, but not one that takes no backups. */
    private static void checkTargets(CellTx tx, PlanDocument plan) {
        for (BackupRule rule : plan.rules()) {
            tx.vaults().find(rule.targetBackupVaultName()).flatMap(AirGap::backupRefusal).ifPresent(why -> {
                throw ServiceException.invalidParameter("Error in rule " + rule.ruleName() + " : " + why);
            });
        }
    }
}
