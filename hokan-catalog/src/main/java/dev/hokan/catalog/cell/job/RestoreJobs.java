package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
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
                        + " iam_role_arn, created_resource_arn, metadata, recovery_point_creation_millis)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.jobId(), j.recoveryPointId(), j.vaultName(), j.resourceArn(), j.resourceType(), j.state(),
                j.statusMessage(), j.creationDate(), j.completionDate(), j.percentDone(), j.backupSizeInBytes(),
                j.iamRoleArn(), j.createdResourceArn(), CatalogJson.write(j.metadata()),
                j.recoveryPointCreationDate());
    }

    public void update(RestoreJob j) {
        tx.sql().update("UPDATE restore_jobs SET status = ?, status_message = ?, completion_millis = ?, percent_done = ?,"
                        + " created_resource_arn = ? WHERE job_id = ?", j.state(), j.statusMessage(),
                j.completionDate(), j.percentDone(), j.createdResourceArn(), j.jobId());
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
                .after("recovery_point_creation_millis", f.pointCreatedAfter())
                .before("recovery_point_creation_millis", f.pointCreatedBefore()), page);
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
                CatalogJson.readMap(r.string("metadata")), r.instant("recovery_point_creation_millis"));
    }
}
