package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

/**
 * Which node does which work on a vault's storage: one row per subject and work. The claim is taken in the
 * transaction that checks the work is still to do, so nodes sharing the catalog never do it at once.
 */
public final class WorkClaims {
    private final CellTx tx;

    public WorkClaims(CellTx tx) {
        this.tx = tx;
    }

    public Optional<WorkClaim> find(String subject, ClaimedWork work) {
        return tx.sql().one("SELECT * FROM work_claims WHERE subject = ? AND work = ?", WorkClaims::of, subject,
                work.name());
    }

    /** The claims on {@code work}, whoever holds them and whether or not their lease ended. */
    public List<WorkClaim> of(ClaimedWork work) {
        return tx.sql().list("SELECT * FROM work_claims WHERE work = ? ORDER BY subject", WorkClaims::of, work.name());
    }

    /** Records the claim, replacing the subject's earlier claim on the same work. */
    public void put(WorkClaim claim) {
        if (tx.sql().update("UPDATE work_claims SET node_id = ?, lease_until_millis = ? WHERE subject = ? AND work = ?",
                claim.nodeId(), claim.leaseUntil(), claim.subject(), claim.work().name()) == 0) {
            tx.sql().update("INSERT INTO work_claims (subject, work, node_id, lease_until_millis) VALUES (?, ?, ?, ?)",
                    claim.subject(), claim.work().name(), claim.nodeId(), claim.leaseUntil());
        }
    }

    /** Deletes the claim if {@code nodeId} holds it. */
    public void delete(String subject, ClaimedWork work, String nodeId) {
        tx.sql().update("DELETE FROM work_claims WHERE subject = ? AND work = ? AND node_id = ?", subject, work.name(),
                nodeId);
    }

    private static WorkClaim of(Row r) {
        return new WorkClaim(r.string("subject"), ClaimedWork.valueOf(r.string("work")), r.string("node_id"),
                r.instant("lease_until_millis"));
    }
}
