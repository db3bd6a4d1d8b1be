package dev.hokan.catalog.cell.vault;

import java.time.Instant;

/** A node's claim on work about a subject, good until its lease ends unless the node renews it. */
public record WorkClaim(String subject, ClaimedWork work, String nodeId, Instant leaseUntil) {
    /** Whether another node than {@code nodeId} holds the work at {@code now}. */
    public boolean heldByAnotherThan(String nodeId, Instant now) {
        return !this.nodeId.equals(nodeId) && leaseUntil.isAfter(now);
    }
}
