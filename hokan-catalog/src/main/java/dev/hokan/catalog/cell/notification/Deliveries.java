package dev.hokan.catalog.cell.notification;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;

/** The outbox: every message for every subscription, pending until delivered or given up. */
public final class Deliveries {
    private final CellTx tx;

    public Deliveries(CellTx tx) {
        this.tx = tx;
    }

    public void insert(Delivery d) {
        tx.sql().update("INSERT INTO sns_deliveries (delivery_id, creation_millis, subscription_id, topic_name, message,"
                        + " status, attempts, next_attempt_millis, give_up_millis, last_error, finished_millis)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.deliveryId(), d.creationDate(), d.subscriptionId(), d.topicName(), d.message(), d.status(),
                d.attempts(), d.nextAttempt(), d.giveUpAt(), d.lastError(), d.finished());
    }

    /**
     * Claims the pending delivery for {@code nodeId} until {@code leaseEnd}, if it is due at {@code now}: no other node
     * tries it until the lease ends, when it is due again. False when it is not due (another node claimed it first).
     */
    public boolean claim(String deliveryId, String nodeId, Instant leaseEnd, Instant now) {
        return tx.sql().update("UPDATE sns_deliveries SET claimed_by = ?, next_attempt_millis = ? WHERE delivery_id = ?"
                + " AND status = ? AND next_attempt_millis <= ?", nodeId, leaseEnd, deliveryId, DeliveryStatus.PENDING,
                now) == 1;
    }

    /**
     * Records the attempt at a delivery that {@code nodeId} claimed until {@code leaseEnd}, giving up the claim; false,
     * writing nothing, when the claim is no longer that one (its lease ended and another node claimed it).
     */
    public boolean attempted(Delivery d, String nodeId, Instant leaseEnd) {
        return tx.sql().update("UPDATE sns_deliveries SET status = ?, attempts = ?, next_attempt_millis = ?,"
                        + " last_error = ?, finished_millis = ?, claimed_by = NULL WHERE delivery_id = ?"
                        + " AND claimed_by = ? AND next_attempt_millis = ?",
                d.status(), d.attempts(), d.nextAttempt(), d.lastError(), d.finished(), d.deliveryId(), nodeId,
                leaseEnd) == 1;
    }

    /** Makes the deliveries {@code nodeId} claimed before it stopped due at {@code now}; how many there were. */
    public int releaseClaims(String nodeId, Instant now) {
        return tx.sql().update("UPDATE sns_deliveries SET claimed_by = NULL, next_attempt_millis = ? WHERE"
                + " claimed_by = ? AND status = ?", now, nodeId, DeliveryStatus.PENDING);
    }

    /**
     * The oldest pending delivery of each subscription that has one, at most {@code limit} subscriptions: only the
     * head of a subscription's queue may go out, so that its messages arrive in order.
     */
    public List<Delivery> heads(int limit) {
        return tx.sql().list("SELECT * FROM sns_deliveries d WHERE status = ? AND NOT EXISTS (SELECT 1 FROM"
                + " sns_deliveries e WHERE e.subscription_id = d.subscription_id AND e.status = ? AND"
                + " (e.creation_millis, e.delivery_id) < (d.creation_millis, d.delivery_id))"
                + " ORDER BY next_attempt_millis, delivery_id LIMIT ?", Deliveries::map, DeliveryStatus.PENDING,
                DeliveryStatus.PENDING, limit);
    }

    /** Deliveries in creation order, those in {@code status} only when it is given. */
    public Page<Delivery> list(DeliveryStatus status, PageRequest page) {
        return tx.sql().page("sns_deliveries", "delivery_id", Filter.all().eq("status", status), page,
                Deliveries::map);
    }

    public long count(DeliveryStatus status) {
        return tx.sql().count("SELECT COUNT(*) AS n FROM sns_deliveries WHERE status = ?", status);
    }

    private static Delivery map(Row r) {
        return new Delivery(r.string("delivery_id"), r.instant("creation_millis"), r.string("subscription_id"),
                r.string("topic_name"), r.string("message"), DeliveryStatus.valueOf(r.string("status")),
                (int) r.longValue("attempts"), r.instant("next_attempt_millis"), r.instant("give_up_millis"),
                r.string("last_error"), r.instant("finished_millis"));
    }
}
