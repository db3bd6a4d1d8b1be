package dev.hokan.engine.report;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.report.ReportDeliveryChannel;
import dev.hokan.catalog.cell.report.ReportJob;
import dev.hokan.catalog.cell.report.ReportJobStatus;
import dev.hokan.catalog.cell.report.ReportPlan;
import dev.hokan.catalog.cell.report.ReportSetting;
import dev.hokan.engine.Arn;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Idempotency;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Report plans (Create, Describe, List, Update, Delete) and their report jobs (Start, Describe, List). */
public final class ReportPlanService {
    /** AWS's quota of report plans per account (and region). */
    public static final int MAX_PLANS = 20;

    private final CellContext cell;
    private final ReportCells cells;
    private final ReportRunner runner;

    public ReportPlanService(CellContext cell, ReportCells cells, ReportRunner runner) {
        this.cell = cell;
        this.cells = cells;
        this.runner = runner;
    }

    /** The same idempotency token again returns the plan the first call created. */
    public ReportPlan createPlan(String name, String description, ReportDeliveryChannel channel, ReportSetting setting,
                                 Map<String, String> tags, String idempotencyToken) {
        ReportRules.name(name);
        ReportRules.description(description);
        ReportDeliveryChannel checkedChannel = ReportRules.channel(channel);
        ReportSetting checkedSetting = covering(ReportRules.setting(setting));
        if (tags != null) {
            Names.tags("ReportPlanTags", tags);
        }
        Names.idempotencyToken(idempotencyToken);
        Instant now = cell.clock().now();
        String created = cell.catalog().write(tx -> Idempotency.once(tx, "CreateReportPlan", idempotencyToken,
                List.of(name, String.valueOf(description), checkedChannel, checkedSetting,
                        String.valueOf(tags)), now, () -> {
                    tx.reportPlans().find(name).ifPresent(existing -> {
                        throw ServiceException.alreadyExists("Report plan " + name + " already exists",
                                existing.arn(), null);
                    });
                    if (tx.reportPlans().count() >= MAX_PLANS) {
                        throw ServiceException.limitExceeded("An account has at most " + MAX_PLANS
                                + " report plans in a region");
                    }
                    String arn = cell.account().reportPlanArn(name + "-" + UUID.randomUUID());
                    tx.reportPlans().insert(new ReportPlan(name, arn, description, checkedSetting, checkedChannel,
                            now, null, null, now));
                    if (tags != null && !tags.isEmpty()) {
                        tx.tags().put(arn, tags);
                    }
                    return name;
                }));
        return plan(created);
    }

    public ReportPlan plan(String name) {
        return cell.catalog().read(tx -> plan(tx, name));
    }

    /** The ARN of the plan of that name, if there is one: what its calls are authorised on. */
    public Optional<String> planArn(String name) {
        return cell.catalog().read(tx -> tx.reportPlans().find(name)).map(ReportPlan::arn);
    }

    public Page<ReportPlan> plans(PageRequest page) {
        return cell.catalog().read(tx -> tx.reportPlans().list(page));
    }

    /** Members left out keep their values. */
    public ReportPlan updatePlan(String name, String description, ReportDeliveryChannel channel,
                                 ReportSetting setting, String idempotencyToken) {
        ReportRules.description(description);
        ReportDeliveryChannel checkedChannel = channel == null ? null : ReportRules.channel(channel);
        ReportSetting checkedSetting = setting == null ? null : covering(ReportRules.setting(setting));
        Names.idempotencyToken(idempotencyToken);
        Instant now = cell.clock().now();
        cell.catalog().write(tx -> Idempotency.once(tx, "UpdateReportPlan", idempotencyToken,
                List.of(name, String.valueOf(description), String.valueOf(checkedChannel),
                        String.valueOf(checkedSetting)), now, () -> {
                    ReportPlan current = plan(tx, name);
                    tx.reportPlans().update(new ReportPlan(name, current.arn(),
                            description == null ? current.description() : description,
                            checkedSetting == null ? current.setting() : checkedSetting,
                            checkedChannel == null ? current.deliveryChannel() : checkedChannel,
                            current.creationTime(), current.lastAttemptedExecutionTime(),
                            current.lastSuccessfulExecutionTime(), current.dailyUntil()));
                    return name;
                }));
        return plan(name);
    }

    /** The plan's report jobs stay listed; those still waiting fail when their turn comes. */
    public void deletePlan(String name) {
        cell.catalog().write(tx -> {
            ReportPlan plan = plan(tx, name);
            tx.reportPlans().delete(name);
            tx.tags().removeAll(plan.arn());
            return null;
        });
    }

    /** An on-demand report of the last 24 hours; the same idempotency token again returns the first job. */
    public String startJob(String planName, String idempotencyToken) {
        Names.idempotencyToken(idempotencyToken);
        Instant now = cell.clock().now();
        String jobId = cell.catalog().write(tx -> Idempotency.once(tx, "StartReportJob", idempotencyToken, planName,
                now, () -> ReportRunner.create(tx, plan(tx, planName), now, now)));
        runner.runSoon();
        return jobId;
    }

    public ReportJob job(String jobId) {
        if (jobId == null) {
            throw ServiceException.missingParameter("ReportJobId");
        }
        return cell.catalog().read(tx -> tx.reportJobs().find(jobId)).orElseThrow(() -> ServiceException.notFound(
                "Report job " + jobId + " does not exist"));
    }

    /** {@code planName} must name an existing plan when given. */
    public Page<ReportJob> jobs(String planName, String status, Instant createdAfter, Instant createdBefore,
                                PageRequest page) {
        ReportJobStatus byStatus = status == null ? null : status(status);
        return cell.catalog().read(tx -> {
            if (planName != null) {
                plan(tx, ReportRules.name(planName));
            }
            return tx.reportJobs().list(planName, byStatus, createdAfter, createdBefore, page);
        });
    }

    private static ReportJobStatus status(String status) {
        try {
            return ReportJobStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("Status must be CREATED, RUNNING, COMPLETED or FAILED, got "
                    + status, e);
        }
    }

    /**
     * The setting, once the deployment has said that the accounts it names may be reported on by this one, and each
     * framework it names exists in a cell it covers.
     */
    private ReportSetting covering(ReportSetting setting) {
        List<ReportCells.Covered> covered = cells.covered(cell.account(), setting);
        for (String arn : setting.frameworkArns()) {
            Arn framework = Arn.parse(arn).orElseThrow();
            ReportCells.Covered in = covered.stream().filter(c -> c.account().accountId().equals(framework.account())
                    && c.account().region().equals(framework.region())).findFirst().orElseThrow(() ->
                    ServiceException.invalidParameter("FrameworkArns: framework " + arn + " is in account "
                            + framework.account() + " and region " + framework.region() + ", which the report does"
                            + " not cover; name them in Accounts and Regions"));
            if (in.catalog().read(tx -> tx.frameworks().all()).stream().noneMatch(f -> f.arn().equals(arn))) {
                throw ServiceException.invalidParameter("FrameworkArns: framework " + arn + " does not exist");
            }
        }
        return setting;
    }

    private static ReportPlan plan(CellTx tx, String name) {
        if (name == null) {
            throw ServiceException.missingParameter("ReportPlanName");
        }
        return tx.reportPlans().find(name).orElseThrow(() -> ServiceException.notFound(
                "Report plan " + name + " does not exist"));
    }
}
