package dev.hokan.engine.report;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.report.ReportJob;
import dev.hokan.catalog.cell.report.ReportJobStatus;
import dev.hokan.catalog.cell.report.ReportPlan;
import dev.hokan.engine.Account;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs report jobs, one at a time on a thread of its own, and creates each plan's daily job. A node runs a job only
 * once it has claimed it (CREATED to RUNNING in one statement), so nodes sharing a catalog run each job once; the jobs
 * a node was running when it stopped wait again when it starts. The daily job of a plan is created at the first tick
 * after midnight UTC and covers the day that ended (AWS writes its daily reports between 1 and 5 AM UTC): when the
 * clock passes several midnights at once, only the latest day's report is made.
 */
public final class ReportRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReportRunner.class.getName());
    /** What a report covers: the 24 hours before its end. */
    static final Duration PERIOD = Duration.ofDays(1);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final CellContext cell;
    private final String nodeId;
    private final ReportCells cells;
    private final ReportStorage storage;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("hokan-reports").daemon().factory());

    public ReportRunner(CellContext cell, String nodeId, ReportCells cells, ReportStorage storage) {
        this.cell = cell;
        this.nodeId = nodeId;
        this.cells = cells;
        this.storage = storage;
    }

    /** At the engine's start: the jobs this node was running wait again, and every waiting job runs soon. */
    public void start() {
        cell.catalog().write(tx -> {
            tx.reportJobs().release(nodeId);
            return null;
        });
        runSoon();
    }

    /** Creates the daily jobs that are due, then runs the waiting jobs soon. */
    public void tick() {
        Instant now = cell.clock().now();
        for (ReportPlan plan : cell.catalog().read(tx -> tx.reportPlans().all())) {
            Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
            if (plan.dailyUntil().isBefore(midnight)) {
                cell.catalog().write(tx -> {
                    tx.reportPlans().find(plan.name()).filter(p -> p.dailyUntil().isBefore(midnight)).ifPresent(p -> {
                        create(tx, p, midnight, now);
                        tx.reportPlans().dailyUntil(p.name(), midnight);
                    });
                    return null;
                });
            }
        }
        runSoon();
    }

    /** A new report job of {@code plan} over the 24 hours before {@code periodEnd}; returns its ID. */
    static String create(CellTx tx, ReportPlan plan, Instant periodEnd, Instant now) {
        String jobId = UUID.randomUUID().toString();
        tx.reportJobs().insert(new ReportJob(jobId, plan.name(), plan.arn(), plan.setting().reportTemplate(),
                ReportJobStatus.CREATED, null, now, null, periodEnd.minus(PERIOD), periodEnd,
                plan.deliveryChannel().s3BucketName(), null, null));
        return jobId;
    }

    public void runSoon() {
        try {
            worker.execute(this::runWaiting);
        } catch (RejectedExecutionException e) {
            LOG.fine("Report jobs are not run: the engine is closing");
        }
    }

    private void runWaiting() {
        try {
            for (ReportJob job : cell.catalog().read(tx -> tx.reportJobs().waiting())) {
                if (cell.catalog().write(tx -> tx.reportJobs().claim(job.jobId(), nodeId))) {
                    run(job);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Running report jobs failed; retried at the next tick", e);
        }
    }

    private void run(ReportJob job) {
        Optional<ReportPlan> plan = cell.catalog().read(tx -> tx.reportPlans().find(job.planName()))
                .filter(p -> p.arn().equals(job.reportPlanArn()));
        if (plan.isEmpty()) {
            end(job, ReportJobStatus.FAILED, "Report plan " + job.planName() + " was deleted", null);
            return;
        }
        try {
            List<String> keys = write(job, plan.get());
            end(job, ReportJobStatus.COMPLETED, null, keys);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Report job " + job.jobId() + " failed", e);
            end(job, ReportJobStatus.FAILED, e.getMessage(), null);
        }
    }

    private List<String> write(ReportJob job, ReportPlan plan) throws IOException {
        ReportTemplate template = ReportRules.template(job.template());
        List<String> columns = null;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReportCells.Covered covered : cells.covered(cell.account(), plan.setting())) {
            ReportTable table = covered.catalog().read(tx -> template.table(tx, covered.account(), job.periodStart(),
                    job.periodEnd(), plan.setting().frameworkArns()));
            columns = table.columns();
            rows.addAll(table.rows());
        }
        ReportTable report = new ReportTable(columns == null ? List.of() : columns, rows);
        List<String> keys = new ArrayList<>();
        for (String name : plan.deliveryChannel().formats()) {
            ReportFormat format = ReportRules.format(name);
            String key = key(plan, job, cell.account(), format);
            storage.put(job.s3BucketName(), key, format.write(report));
            keys.add(key);
        }
        return keys;
    }

    /** AWS's layout: {@code [PREFIX/]Backup/ACCOUNT/REGION/YYYY/MM/DD/}, then the plan's name and the job's ID. */
    static String key(ReportPlan plan, ReportJob job, Account account, ReportFormat format) {
        String prefix = plan.deliveryChannel().s3KeyPrefix();
        return (prefix == null ? "" : prefix + "/") + "Backup/" + account.accountId() + "/" + account.region() + "/"
                + DAY.format(job.creationTime()) + "/" + plan.name() + "_" + job.jobId() + "."
                + format.extension();
    }

    private void end(ReportJob job, ReportJobStatus status, String message, List<String> keys) {
        cell.catalog().write(tx -> {
            Instant now = cell.clock().now();
            tx.reportJobs().end(job.jobId(), status, message, now, keys);
            tx.reportPlans().executed(job.planName(), job.creationTime(), status == ReportJobStatus.COMPLETED);
            EventLog.record(tx, now, status == ReportJobStatus.COMPLETED ? EventType.REPORT_JOB_COMPLETED
                    : EventType.REPORT_JOB_FAILED, job.reportPlanArn(), message, Map.of("ReportJobId", job.jobId()));
            return null;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
