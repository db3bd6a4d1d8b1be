package dev.hokan.catalog.cell.job;

import java.time.Instant;

/**
 * Which node holds a job, until when, and under which generation: every claim of a job has a higher generation than
 * the one before, so a node that lost the job can tell, and be told, that its claim is not the current one.
 *
 * @param nodeId the holder, null once the claim was released (the job ended or went back to its queue)
 */
public record JobClaim(String jobId, JobType type, String nodeId, Instant leaseEnd, long generation) {
    public boolean heldBy(String node) {
        return node.equals(nodeId);
    }

    /** Whether a node holds the job and its lease has not ended at {@code now}. */
    public boolean liveAt(Instant now) {
        return nodeId != null && now.isBefore(leaseEnd);
    }
}
