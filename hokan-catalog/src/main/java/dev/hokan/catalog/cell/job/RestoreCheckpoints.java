package dev.hokan.catalog.cell.job;

import dev.hokan.catalog.cell.CellTx;
import java.util.Optional;

/**
 * How far each running restore got: how many files, in the order the restore walks its recovery point, it completed.
 * A run that takes a restore over goes on from there. One row per restore job, written under the job's claim while
 * it runs and deleted at its end.
 */
public final class RestoreCheckpoints {
    private final CellTx tx;

    public RestoreCheckpoints(CellTx tx) {
        this.tx = tx;
    }

    /** How many files the job's earlier runs completed, when one recorded any. */
    public Optional<Long> filesComplete(String jobId) {
        return tx.sql().one("SELECT files_complete FROM restore_checkpoints WHERE job_id = ?",
                r -> r.longValue("files_complete"), jobId);
    }

    public void save(String jobId, long filesComplete) {
        if (tx.sql().update("UPDATE restore_checkpoints SET files_complete = ? WHERE job_id = ?", filesComplete,
                jobId) == 0) {
            tx.sql().update("INSERT INTO restore_checkpoints (job_id, files_complete) VALUES (?, ?)", jobId,
                    filesComplete);
        }
    }

    public void delete(String jobId) {
        tx.sql().update("DELETE FROM restore_checkpoints WHERE job_id = ?", jobId);
    }
}
