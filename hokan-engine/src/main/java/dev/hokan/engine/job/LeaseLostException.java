package dev.hokan.engine.job;

/**
 * A job's commit was refused because this node no longer holds the job: its lease ended, or another node took the
 * job over. Nothing of the commit was written; the job is the other node's to finish.
 */
public final class LeaseLostException extends RuntimeException {
    LeaseLostException(String jobId) {
        super("This node no longer holds job " + jobId + "; another node takes it over");
    }
}
