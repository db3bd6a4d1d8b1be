package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class CopyJobs {
    private final CellTx tx;
    private final JobTable<CopyJob> table;

    public CopyJobs(CellTx tx) {
        this.tx = tx;
        this.table = new JobTable<>(tx, "copy_jobs", "state", CopyJobState.values(), CopyJobs::map);
    }

    public void insert(CopyJob j) {
        tx.sql().update("INSERT INTO copy_jobs (job_id, source_vault_name, source_recovery_point_id, destination_vault_arn,"
                        + " destination_recovery_point_id, destination_recovery_point_arn, resource_arn, resource_type,"
                        + " resource_name, iam_role_arn, state, status_message, creation_millis, completion_millis,"
                        + " backup_size_bytes, bytes_transferred, cold_after_days, delete_after_days,"
                        + " opt_in_to_archive, backup_plan_id, backup_plan_version, backup_rule_id,"
                        + " created_by_backup_job_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.jobId(), j.sourceVaultName(), j.sourceRecoveryPointId(), j.destinationVaultArn(),
                j.destinationRecoveryPointId(), j.destinationRecoveryPointArn(), j.resourceArn(), j.resourceType(),
                j.resourceName(), j.iamRoleArn(), j.state(), j.statusMessage(), j.creationDate(), j.completionDate(),
                j.backupSizeInBytes(), j.bytesTransferred(), j.lifecycle().moveToColdStorageAfterDays(),
                j.lifecycle().deleteAfterDays(), j.lifecycle().optInToArchiveForSupportedResources(),
                j.createdBy() == null ? null : j.createdBy().backupPlanId(),
                j.createdBy() == null ? null : j.createdBy().backupPlanVersion(),
                j.createdBy() == null ? null : j.createdBy().backupRuleId(), j.createdByBackupJobId());
    }

    /** Saves the mutable part of the job: state, message, completion and result. */
    public void update(CopyJob j) {
        tx.sql().update("UPDATE copy_jobs SET state = ?, status_message = ?, completion_millis = ?,"
                        + " destination_recovery_point_arn = ?, bytes_transferred = ? WHERE job_id = ?",
                j.state(), j.statusMessage(), j.completionDate(), j.destinationRecoveryPointArn(),
                j.bytesTransferred(), j.jobId());
    }

    public Optional<CopyJob> find(String jobId) {
        return table.find(jobId);
    }

    public List<CopyJob> inState(CopyJobState state) {
        return table.inState(state);
    }

    /** Copies of {@code recoveryPointId} that have not finished yet. */
    public long countUnfinishedFrom(String recoveryPointId) {
        return table.countUnfinished("source_recovery_point_id", recoveryPointId);
    }

    /** Copies into the vault {@code destinationVaultArn} that have not finished yet. */
    public long countUnfinishedInto(String destinationVaultArn) {
        return table.countUnfinished("destination_vault_arn", destinationVaultArn);
    }

    public Page<CopyJob> list(CopyJobFilter f, PageRequest page) {
        return table.list(f, Filter.all()
                .eq("resource_arn", f.resourceArn())
                .eq("destination_vault_arn", f.destinationVaultArn())
                .eq("source_recovery_point_id", f.sourceRecoveryPointId()), page);
    }

    /** The jobs created by {@code to} that had not ended before {@code from}. */
    public List<CopyJob> activeDuring(Instant from, Instant to) {
        return table.activeDuring(from, to);
    }

    /** Job counts by state and resource type for jobs created in {@code [from, to)}. */
    public List<JobCount> countByStateAndType(Instant from, Instant to) {
        return table.countByStateAndType(from, to);
    }

    private static CopyJob map(Row r) {
        return new CopyJob(r.string("job_id"), r.string("source_vault_name"), r.string("source_recovery_point_id"),
                r.string("destination_vault_arn"), r.string("destination_recovery_point_id"),
                r.string("destination_recovery_point_arn"), r.string("resource_arn"),
                new ResourceType(r.string("resource_type")), r.string("resource_name"), r.string("iam_role_arn"),
                CopyJobState.valueOf(r.string("state")), r.string("status_message"), r.instant("creation_millis"),
                r.instant("completion_millis"), r.longValue("backup_size_bytes"), r.longValue("bytes_transferred"),
                r.lifecycle(), r.creator(), r.string("created_by_backup_job_id"));
    }
}
