package dev.hokan.catalog.cell.report;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class ReportJobs {
    private final CellTx tx;

    public ReportJobs(CellTx tx) {
        this.tx = tx;
    }

    public void insert(ReportJob j) {
        tx.sql().update("INSERT INTO report_jobs (job_id, plan_name, report_plan_arn, template, status, status_message,"
                        + " creation_millis, completion_millis, period_start_millis, period_end_millis, s3_bucket,"
                        + " s3_keys, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", j.jobId(), j.planName(),
                j.reportPlanArn(), j.template(), j.status(), j.statusMessage(), j.creationTime(), j.completionTime(),
                j.periodStart(), j.periodEnd(), j.s3BucketName(), keys(j.s3Keys()), j.nodeId());
    }

    /** Makes a waiting job this node's to run; false when another node took it first. */
    public boolean claim(String jobId, String nodeId) {
        return tx.sql().update("UPDATE report_jobs SET status = ?, node_id = ? WHERE job_id = ? AND status = ?",
                ReportJobStatus.RUNNING, nodeId, jobId, ReportJobStatus.CREATED) == 1;
    }

    /** Puts back the jobs this node was running when it stopped, to be run again. */
    public void release(String nodeId) {
        tx.sql().update("UPDATE report_jobs SET status = ?, node_id = NULL WHERE status = ? AND node_id = ?",
                ReportJobStatus.CREATED, ReportJobStatus.RUNNING, nodeId);
    }

    public void end(String jobId, ReportJobStatus status, String message, Instant at, List<String> s3Keys) {
        tx.sql().update("UPDATE report_jobs SET status = ?, status_message = ?, completion_millis = ?, s3_keys = ?"
                + " WHERE job_id = ?", status, message, at, keys(s3Keys), jobId);
    }

    public Optional<ReportJob> find(String jobId) {
        return tx.sql().one("SELECT * FROM report_jobs WHERE job_id = ?", ReportJobs::map, jobId);
    }

    /** The jobs waiting to run, oldest first. */
    public List<ReportJob> waiting() {
        return tx.sql().list("SELECT * FROM report_jobs WHERE status = ? ORDER BY creation_millis, job_id",
                ReportJobs::map, ReportJobStatus.CREATED);
    }

    /** {@code planName}, {@code status} and the creation bounds (exclusive) restrict when not null. */
    public Page<ReportJob> list(String planName, ReportJobStatus status, Instant createdAfter, Instant createdBefore,
                                PageRequest page) {
        Filter filter = Filter.all().eq("plan_name", planName).eq("status", status)
                .after("creation_millis", createdAfter).before("creation_millis", createdBefore);
        return tx.sql().page("report_jobs", "job_id", filter, page, ReportJobs::map);
    }

    private static String keys(List<String> keys) {
        return keys == null ? null : CatalogJson.write(keys);
    }

    private static ReportJob map(Row r) {
        String keys = r.string("s3_keys");
        return new ReportJob(r.string("job_id"), r.string("plan_name"), r.string("report_plan_arn"),
                r.string("template"), ReportJobStatus.valueOf(r.string("status")), r.string("status_message"),
                r.instant("creation_millis"), r.instant("completion_millis"), r.instant("period_start_millis"),
                r.instant("period_end_millis"), r.string("s3_bucket"),
                keys == null ? null : List.of(CatalogJson.read(keys, String[].class)), r.string("node_id"));
    }
}
