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

public final class BackupJobs {
    private final CellTx tx;
    private final JobTable<BackupJob> table;

    public BackupJobs(CellTx tx) {
        this.tx = tx;
        this.table = new JobTable<>(tx, "backup_jobs", "state", BackupJobState.values(), BackupJobs::map);
    }

    public void insert(BackupJob j) {
        tx.sql().update("INSERT INTO backup_jobs (job_id, vault_name, resource_arn, resource_type, resource_name, iam_role_arn,"
                        + " state, status_message, creation_millis, start_after_millis, start_by_millis,"
                        + " complete_by_millis, completion_millis, percent_done, bytes_transferred, backup_size_bytes,"
                        + " recovery_point_id, cold_after_days, delete_after_days, opt_in_to_archive,"
                        + " recovery_point_tags, backup_plan_id, backup_plan_version, backup_rule_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.jobId(), j.vaultName(), j.resourceArn(), j.resourceType(), j.resourceName(), j.iamRoleArn(),
                j.state(), j.statusMessage(), j.creationDate(), j.startAfter(), j.startBy(), j.completeBy(),
                j.completionDate(), j.percentDone(), j.bytesTransferred(), j.backupSizeInBytes(), j.recoveryPointId(),
                j.lifecycle().moveToColdStorageAfterDays(), j.lifecycle().deleteAfterDays(),
                j.lifecycle().optInToArchiveForSupportedResources(), CatalogJson.write(j.recoveryPointTags()),
                j.createdBy() == null ? null : j.createdBy().backupPlanId(),
                j.createdBy() == null ? null : j.createdBy().backupPlanVersion(),
                j.createdBy() == null ? null : j.createdBy().backupRuleId());
    }

    /** Saves the mutable part of the job: state, message, progress, completion and result. */
    public void update(BackupJob j) {
        tx.sql().update("UPDATE backup_jobs SET state = ?, status_message = ?, completion_millis = ?, percent_done = ?,"
                        + " bytes_transferred = ?, backup_size_bytes = ?, recovery_point_id = ? WHERE job_id = ?",
                j.state(), j.statusMessage(), j.completionDate(), j.percentDone(), j.bytesTransferred(),
                j.backupSizeInBytes(), j.recoveryPointId(), j.jobId());
    }

    public Optional<BackupJob> find(String jobId) {
        return table.find(jobId);
    }

    public List<BackupJob> inState(BackupJobState state) {
        return table.inState(state);
    }

    /** Jobs into {@code vaultName} that have not finished yet. */
    public long countUnfinished(String vaultName) {
        return table.countUnfinished("vault_name", vaultName);
    }

    public Page<BackupJob> list(BackupJobFilter f, PageRequest page) {
        return table.list(f, Filter.all().eq("resource_arn", f.resourceArn()).eq("vault_name", f.vaultName()), page);
    }

    /** The jobs created by {@code to} that had not ended before {@code from}. */
    public List<BackupJob> activeDuring(Instant from, Instant to) {
        return table.activeDuring(from, to);
    }

    /** Job counts by state and resource type for jobs created in {@code [from, to)}. */
    public List<JobCount> countByStateAndType(Instant from, Instant to) {
        return table.countByStateAndType(from, to);
    }

    private static BackupJob map(Row r) {
        return new BackupJob(r.string("job_id"), r.string("vault_name"), r.string("resource_arn"),
                new ResourceType(r.string("resource_type")), r.string("resource_name"), r.string("iam_role_arn"),
                BackupJobState.valueOf(r.string("state")), r.string("status_message"), r.instant("creation_millis"),
                r.instant("start_after_millis"), r.instant("start_by_millis"), r.instant("complete_by_millis"),
                r.instant("completion_millis"), r.doubleValue("percent_done"), r.longValue("bytes_transferred"),
                r.longValue("backup_size_bytes"), r.string("recovery_point_id"), r.lifecycle(),
                CatalogJson.readMap(r.string("recovery_point_tags")), r.creator());
    }
}
