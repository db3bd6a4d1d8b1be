package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class RestoreJobs {
    private final CellTx tx;
    private final JobTable<RestoreJob> table;

    public RestoreJobs(CellTx tx) {
        this.tx = tx;
        this.table = new JobTable<>(tx, "restore_jobs", "status", RestoreJobStatus.values(), RestoreJobs::map);
    }

    public void insert(RestoreJob j) {
        tx.sql().update("INSERT INTO restore_jobs (job_id, recovery_point_id, vault_name, source_resource_arn, resource_type,"
                        + " status, status_message, creation_millis, completion_millis, percent_done, backup_size_bytes,"
                        + " iam_role_arn, created_resource_arn, metadata, recovery_point_creation_millis,"
                        + " restore_testing_plan_arn, validation_window_hours)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.jobId(), j.recoveryPointId(), j.vaultName(), j.resourceArn(), j.resourceType(), j.state(),
                j.statusMessage(), j.creationDate(), j.completionDate(), j.percentDone(), j.backupSizeInBytes(),
                j.iamRoleArn(), j.createdResourceArn(), CatalogJson.write(j.metadata()),
                j.recoveryPointCreationDate(), j.test() == null ? null : j.test().planArn(),
                j.test() == null ? null : j.test().validationWindowHours());
        if (j.test() != null) {
            saveTest(j);
        }
    }

    public void update(RestoreJob j) {
        tx.sql().update("UPDATE restore_jobs SET status = ?, status_message = ?, completion_millis = ?, percent_done = ?,"
                        + " created_resource_arn = ? WHERE job_id = ?", j.state(), j.statusMessage(),
                j.completionDate(), j.percentDone(), j.createdResourceArn(), j.jobId());
        if (j.test() != null) {
            saveTest(j);
        }
    }

    private void saveTest(RestoreJob j) {
        RestoreTest t = j.test();
        tx.sql().update("UPDATE restore_jobs SET validation_status = ?, validation_status_message = ?,"
                        + " validation_window_end_millis = ?, deletion_status = ?, deletion_status_message = ?,"
                        + " rpo_millis = ?, rto_millis = ? WHERE job_id = ?", t.validationStatus(),
                t.validationMessage(), t.validationWindowEnd(), t.deletionStatus(), t.deletionMessage(),
                t.rpo() == null ? null : t.rpo().toMillis(), t.rto() == null ? null : t.rto().toMillis(), j.jobId());
    }

    /**
     * Restores of restore tests whose scratch target is still there, waiting for its deletion: the restore ended and
     * was checked, and the deletion has not begun or did not finish.
     */
    public List<RestoreJob> testsAwaitingDeletion() {
        return tx.sql().list("SELECT * FROM restore_jobs WHERE restore_testing_plan_arn IS NOT NULL"
                + " AND status IN ('COMPLETED', 'FAILED', 'ABORTED') AND (deletion_status IS NULL"
                + " OR deletion_status = 'DELETING') ORDER BY creation_millis, job_id", RestoreJobs::map);
    }

    /** The restore tests that completed in {@code [from, to)}, in the order they were created. */
    public List<RestoreJob> testsCompletedBetween(Instant from, Instant to) {
        return tx.sql().list("SELECT * FROM restore_jobs WHERE restore_testing_plan_arn IS NOT NULL"
                + " AND completion_millis >= ? AND completion_millis < ? ORDER BY creation_millis, job_id",
                RestoreJobs::map, from, to);
    }

    public Optional<RestoreJob> find(String jobId) {
        return table.find(jobId);
    }

    public List<RestoreJob> inStatus(RestoreJobStatus status) {
        return table.inState(status);
    }

    /** Restores of {@code recoveryPointId} that have not finished yet. */
    public long countUnfinished(String recoveryPointId) {
        return table.countUnfinished("recovery_point_id", recoveryPointId);
    }

    public Optional<RestoreJob> latestFor(String sourceResourceArn) {
        return tx.sql().one("SELECT * FROM restore_jobs WHERE source_resource_arn = ? ORDER BY creation_millis DESC,"
                + " job_id DESC LIMIT 1", RestoreJobs::map, sourceResourceArn);
    }

    public Page<RestoreJob> list(RestoreJobFilter f, PageRequest page) {
        return table.list(f, Filter.all()
                .eq("source_resource_arn", f.resourceArn())
                .eq("restore_testing_plan_arn", f.restoreTestingPlanArn())
                .after("recovery_point_creation_millis", f.pointCreatedAfter())
                .before("recovery_point_creation_millis", f.pointCreatedBefore()), page);
    }

    /** The jobs created by {@code to} that had not ended before {@code from}. */
    public List<RestoreJob> activeDuring(Instant from, Instant to) {
        return table.activeDuring(from, to);
    }

    /** Job counts by state and resource type for jobs created in {@code [from, to)}. */
    public List<JobCount> countByStateAndType(Instant from, Instant to) {
        return table.countByStateAndType(from, to);
    }

    private static RestoreJob map(Row r) {
        return new RestoreJob(r.string("job_id"), r.string("recovery_point_id"), r.string("vault_name"),
                r.string("source_resource_arn"), new ResourceType(r.string("resource_type")),
                RestoreJobStatus.valueOf(r.string("status")), r.string("status_message"),
                r.instant("creation_millis"), r.instant("completion_millis"), r.doubleValue("percent_done"),
                r.longValue("backup_size_bytes"), r.string("iam_role_arn"), r.string("created_resource_arn"),
                CatalogJson.readMap(r.string("metadata")), r.instant("recovery_point_creation_millis"),
                testOf(r));
    }

    private static Duration durationOrNull(Row r, String millisColumn) {
        Long millis = r.longOrNull(millisColumn);
        return millis == null ? null : Duration.ofMillis(millis);
    }

    private static RestoreTest testOf(Row r) {
        String planArn = r.string("restore_testing_plan_arn");
        if (planArn == null) {
            return null;
        }
        String validation = r.string("validation_status");
        String deletion = r.string("deletion_status");
        return new RestoreTest(planArn, (int) r.longValue("validation_window_hours"), validation == null ? null : RestoreValidationStatus.valueOf(validation),
                r.string("validation_status_message"), r.instant("validation_window_end_millis"),
                deletion == null ? null : RestoreDeletionStatus.valueOf(deletion), r.string("deletion_status_message"),
                durationOrNull(r, "rpo_millis"), durationOrNull(r, "rto_millis"));
    }
}
