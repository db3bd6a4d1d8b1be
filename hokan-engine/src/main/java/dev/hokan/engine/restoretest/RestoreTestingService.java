package dev.hokan.engine.restoretest;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreValidationStatus;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlan;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlanDocument;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelection;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelectionDocument;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.vault.RecoveryPointService;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Restore testing plans and their selections (Create, Get, List, Update, Delete), the metadata a test restores with,
 * the results callers' own checks put, and what the tests measured.
 */
public final class RestoreTestingService {
    public static final int MAX_PLANS = 100;
    public static final int MAX_SELECTIONS_PER_PLAN = 30;

    private final CellContext cell;
    private final RecoveryPointService points;
    private final RestoreTests tests;

    public RestoreTestingService(CellContext cell, RecoveryPointService points, RestoreTests tests) {
        this.cell = cell;
        this.points = points;
        this.tests = tests;
    }

    public RestoreTestingPlan createPlan(String name, RestoreTestingPlanDocument document, String creatorRequestId,
                                         Map<String, String> tags) {
        RestoreTestingRules.name("RestoreTestingPlanName", name);
        Names.creatorRequestId(creatorRequestId);
        if (tags != null) {
            Names.tags("Tags", tags);
        }
        RestoreTestingPlanDocument checked = RestoreTestingRules.plan(document, null);
        return cell.catalog().write(tx -> {
            tx.restoreTestingPlans().find(name).ifPresent(existing -> {
                throw ServiceException.alreadyExists("Restore testing plan " + name + " already exists",
                        existing.arn(), existing.creatorRequestId());
            });
            if (tx.restoreTestingPlans().count() >= MAX_PLANS) {
                throw ServiceException.limitExceeded("An account has at most " + MAX_PLANS
                        + " restore testing plans in a region");
            }
            Instant now = cell.clock().now();
            String arn = cell.account().restoreTestingPlanArn(name + "-" + UUID.randomUUID());
            RestoreTestingPlan plan = new RestoreTestingPlan(name, arn, now, creatorRequestId, null, null, now, now,
                    checked);
            tx.restoreTestingPlans().insert(plan);
            if (tags != null && !tags.isEmpty()) {
                tx.tags().put(arn, tags);
            }
            return plan;
        });
    }

    public RestoreTestingPlan plan(String name) {
        return cell.catalog().read(tx -> plan(tx, name));
    }

    /** The ARN of the plan of that name, if there is one: what its calls are authorised on. */
    public Optional<String> planArn(String name) {
        return cell.catalog().read(tx -> tx.restoreTestingPlans().find(name)).map(RestoreTestingPlan::arn);
    }

    public Page<RestoreTestingPlan> plans(PageRequest page) {
        return cell.catalog().read(tx -> tx.restoreTestingPlans().list(page));
    }

    /** A new schedule expression or time zone counts a rate from now, as a backup rule's does. */
    public RestoreTestingPlan updatePlan(String name, RestoreTestingPlanDocument document) {
        if (document == null) {
            throw ServiceException.missingParameter("RestoreTestingPlan");
        }
        return cell.catalog().write(tx -> {
            RestoreTestingPlan current = plan(tx, name);
            RestoreTestingPlanDocument changed = RestoreTestingRules.plan(document, current.document());
            Instant now = cell.clock().now();
            boolean newSchedule = !changed.scheduleExpression().equals(current.document().scheduleExpression())
                    || !changed.scheduleExpressionTimezone().equals(current.document().scheduleExpressionTimezone());
            RestoreTestingPlan updated = new RestoreTestingPlan(name, current.arn(), current.creationTime(),
                    current.creatorRequestId(), now, current.lastExecutionTime(),
                    newSchedule ? now : current.scheduleAnchor(), current.evaluatedUntil(), changed);
            tx.restoreTestingPlans().update(updated);
            return updated;
        });
    }

    public void deletePlan(String name) {
        cell.catalog().write(tx -> {
            RestoreTestingPlan plan = plan(tx, name);
            if (tx.restoreTestingSelections().count(name) > 0) {
                throw ServiceException.invalidRequest("Restore testing plan " + name + " still has selections;"
                        + " delete them first");
            }
            tx.restoreTestingPlans().delete(name);
            tx.tags().removeAll(plan.arn());
            return null;
        });
    }

    public RestoreTestingSelection createSelection(String planName, String name,
                                                   RestoreTestingSelectionDocument document, String creatorRequestId) {
        RestoreTestingRules.name("RestoreTestingSelectionName", name);
        Names.creatorRequestId(creatorRequestId);
        if (document == null) {
            throw ServiceException.missingParameter("RestoreTestingSelection");
        }
        RestoreTestingSelectionDocument checked = RestoreTestingRules.selection(document, null);
        return cell.catalog().write(tx -> {
            plan(tx, planName);
            if (tx.restoreTestingSelections().find(planName, name).isPresent()) {
                throw ServiceException.alreadyExists("Restore testing selection " + name + " already exists in plan "
                        + planName, null, creatorRequestId);
            }
            if (tx.restoreTestingSelections().count(planName) >= MAX_SELECTIONS_PER_PLAN) {
                throw ServiceException.limitExceeded("Restore testing plan " + planName + " already has "
                        + MAX_SELECTIONS_PER_PLAN + " selections");
            }
            RestoreTestingSelection selection = new RestoreTestingSelection(planName, name, cell.clock().now(),
                    creatorRequestId, null, checked);
            tx.restoreTestingSelections().insert(selection);
            return selection;
        });
    }

    public RestoreTestingSelection selection(String planName, String name) {
        return cell.catalog().read(tx -> selection(tx, planName, name));
    }

    public Page<RestoreTestingSelection> selections(String planName, PageRequest page) {
        return cell.catalog().read(tx -> {
            plan(tx, planName);
            return tx.restoreTestingSelections().list(planName, page);
        });
    }

    /** Members left out keep their values; the resource type cannot change. */
    public RestoreTestingSelection updateSelection(String planName, String name,
                                                   RestoreTestingSelectionDocument document) {
        if (document == null) {
            throw ServiceException.missingParameter("RestoreTestingSelection");
        }
        return cell.catalog().write(tx -> {
            RestoreTestingSelection current = selection(tx, planName, name);
            RestoreTestingSelection updated = new RestoreTestingSelection(planName, name, current.creationTime(),
                    current.creatorRequestId(), cell.clock().now(),
                    RestoreTestingRules.selection(document, current.document()));
            tx.restoreTestingSelections().update(updated);
            return updated;
        });
    }

    public void deleteSelection(String planName, String name) {
        cell.catalog().write(tx -> {
            selection(tx, planName, name);
            tx.restoreTestingSelections().delete(planName, name);
            return null;
        });
    }

    /** The metadata a restore test of the point restores with, before a selection's overrides. */
    public Map<String, String> inferredMetadata(String vaultAccountId, String vaultName, String recoveryPointArn) {
        if (vaultName == null) {
            throw ServiceException.missingParameter("BackupVaultName");
        }
        if (recoveryPointArn == null) {
            throw ServiceException.missingParameter("RecoveryPointArn");
        }
        if (vaultAccountId != null && !vaultAccountId.equals(cell.account().accountId())) {
            throw ServiceException.notFound("Backup vault " + vaultName + " of account " + vaultAccountId
                    + " cannot be read from account " + cell.account().accountId());
        }
        RecoveryPoint point = points.describe(vaultName, recoveryPointArn);
        return RestoreTests.inferredMetadata(point);
    }

    /**
     * A caller's own check of a restore test's data: it replaces the server's while the selection's validation
     * window is open, and the scratch target is deleted at once.
     */
    public void putValidationResult(String restoreJobId, String status, String message) {
        if (restoreJobId == null) {
            throw ServiceException.missingParameter("RestoreJobId");
        }
        if (status == null) {
            throw ServiceException.missingParameter("ValidationStatus");
        }
        RestoreValidationStatus validation;
        try {
            validation = RestoreValidationStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("ValidationStatus must be FAILED, SUCCESSFUL, TIMED_OUT or"
                    + " VALIDATING, got " + status, e);
        }
        tests.putValidationResult(restoreJobId.toUpperCase(Locale.ROOT), validation, message);
    }

    /** The restore tests that completed in {@code [from, to)}, with what each measured (RPO and RTO). */
    public List<RestoreTestResult> results(Instant from, Instant to) {
        return cell.catalog().read(tx -> tx.restoreJobs().testsCompletedBetween(from, to)).stream()
                .map(RestoreTestResult::of).toList();
    }

    private static RestoreTestingPlan plan(CellTx tx, String name) {
        if (name == null) {
            throw ServiceException.missingParameter("RestoreTestingPlanName");
        }
        return tx.restoreTestingPlans().find(name).orElseThrow(() -> ServiceException.notFound(
                "Restore testing plan " + name + " does not exist"));
    }

    private static RestoreTestingSelection selection(CellTx tx, String planName, String name) {
        plan(tx, planName);
        return tx.restoreTestingSelections().find(planName, name).orElseThrow(() -> ServiceException.notFound(
                "Restore testing selection " + name + " does not exist in plan " + planName));
    }
}
