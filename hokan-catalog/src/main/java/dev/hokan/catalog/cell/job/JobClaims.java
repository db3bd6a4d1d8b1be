package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The claims nodes hold on running jobs, one row per job that ever ran, kept for its generation. */
public final class JobClaims {
    private final CellTx tx;

    public JobClaims(CellTx tx) {
        this.tx = tx;
    }

    public Optional<JobClaim> find(String jobId) {
        return tx.sql().one("SELECT * FROM job_claims WHERE job_id = ?", JobClaims::map, jobId);
    }

    /** Gives the job to {@code nodeId} until {@code leaseEnd}, under the generation after the job's last one. */
    public JobClaim claim(String jobId, JobType type, String nodeId, Instant leaseEnd) {
        Optional<JobClaim> last = find(jobId);
        JobClaim claim = new JobClaim(jobId, type, nodeId, leaseEnd, last.map(c -> c.generation() + 1).orElse(1L));
        if (last.isPresent()) {
            tx.sql().update("UPDATE job_claims SET node_id = ?, lease_end_millis = ?, generation = ? WHERE job_id = ?",
                    nodeId, leaseEnd, claim.generation(), jobId);
        } else {
            tx.sql().update("INSERT INTO job_claims (job_id, job_type, node_id, lease_end_millis, generation)"
                    + " VALUES (?, ?, ?, ?, ?)", jobId, type, nodeId, leaseEnd, claim.generation());
        }
        return claim;
    }

    /** Whether {@code claim} is still the job's current claim. */
    public boolean holds(JobClaim claim) {
        return tx.sql().count("SELECT COUNT(*) AS n FROM job_claims WHERE job_id = ? AND node_id = ? AND generation = ?",
                claim.jobId(), claim.nodeId(), claim.generation()) == 1;
    }

    /** Extends {@code claim}'s lease; false when it is no longer the job's current claim. */
    public boolean renew(JobClaim claim, Instant leaseEnd) {
        return tx.sql().update("UPDATE job_claims SET lease_end_millis = ? WHERE job_id = ? AND node_id = ?"
                + " AND generation = ?", leaseEnd, claim.jobId(), claim.nodeId(), claim.generation()) == 1;
    }

    /** Ends whatever claim the job has; its generation stays, for the next claim to go beyond. */
    public void release(String jobId) {
        tx.sql().update("UPDATE job_claims SET node_id = NULL WHERE job_id = ?", jobId);
    }

    /** The claims some node holds, by node and job. */
    public List<JobClaim> held() {
        return tx.sql().list("SELECT * FROM job_claims WHERE node_id IS NOT NULL ORDER BY node_id, job_id",
                JobClaims::map);
    }

    private static JobClaim map(Row r) {
        return new JobClaim(r.string("job_id"), JobType.valueOf(r.string("job_type")), r.string("node_id"),
                r.instant("lease_end_millis"), r.longValue("generation"));
    }
}
