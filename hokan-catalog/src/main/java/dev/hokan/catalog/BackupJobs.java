package dev.hokan.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class BackupJobs {
    private final Tx tx;

    BackupJobs(Tx tx) {
        this.tx = tx;
    }

    public void insert(BackupJob j) {
        tx.update("INSERT INTO backup_jobs (job_id, vault_name, resource_arn, resource_type, resource_name, iam_role_arn,"
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
        tx.update("UPDATE backup_jobs SET state = ?, status_message = ?, completion_millis = ?, percent_done = ?,"
                        + " bytes_transferred = ?, backup_size_bytes = ?, recovery_point_id = ? WHERE job_id = ?",
                j.state(), j.statusMessage(), j.completionDate(), j.percentDone(), j.bytesTransferred(),
                j.backupSizeInBytes(), j.recoveryPointId(), j.jobId());
    }

    public Optional<BackupJob> find(String jobId) {
        return tx.one("SELECT * FROM backup_jobs WHERE job_id = ?", BackupJobs::map, jobId);
    }

    public List<BackupJob> inState(BackupJobState state) {
        return tx.list("SELECT * FROM backup_jobs WHERE state = ? ORDER BY creation_millis, job_id", BackupJobs::map,
                state);
    }

    /** Jobs into {@code vaultName} that have not finished yet. */
    public long countUnfinished(String vaultName) {
        return tx.count("SELECT COUNT(*) AS n FROM backup_jobs WHERE vault_name = ?"
                + " AND state IN ('CREATED', 'PENDING', 'RUNNING', 'ABORTING')", vaultName);
    }

    public Page<BackupJob> list(BackupJobFilter f, PageRequest page) {
        Filter filter = Filter.all()
                .eq("resource_arn", f.resourceArn())
                .eq("state", f.state())
                .eq("vault_name", f.vaultName())
                .eq("resource_type", f.resourceType())
                .after("creation_millis", f.createdAfter())
                .before("creation_millis", f.createdBefore())
                .after("completion_millis", f.completeAfter())
                .before("completion_millis", f.completeBefore());
        return tx.page("backup_jobs", "job_id", filter, page, BackupJobs::map);
    }

    /** Job counts by state and resource type for jobs created in {@code [from, to)}. */
    public List<JobCount> countByStateAndType(Instant from, Instant to) {
        return tx.list("SELECT state, resource_type, COUNT(*) AS n FROM backup_jobs"
                        + " WHERE creation_millis >= ? AND creation_millis < ? GROUP BY state, resource_type"
                        + " ORDER BY state, resource_type",
                r -> new JobCount(r.string("state"), ResourceType.valueOf(r.string("resource_type")), r.longValue("n")),
                from, to);
    }

    private static BackupJob map(Row r) {
        return new BackupJob(r.string("job_id"), r.string("vault_name"), r.string("resource_arn"),
                ResourceType.valueOf(r.string("resource_type")), r.string("resource_name"), r.string("iam_role_arn"),
                BackupJobState.valueOf(r.string("state")), r.string("status_message"), r.instant("creation_millis"),
                r.instant("start_after_millis"), r.instant("start_by_millis"), r.instant("complete_by_millis"),
                r.instant("completion_millis"), r.doubleValue("percent_done"), r.longValue("bytes_transferred"),
                r.longValue("backup_size_bytes"), r.string("recovery_point_id"), r.lifecycle(),
                CatalogJson.readMap(r.string("recovery_point_tags")), r.creator());
    }
}
