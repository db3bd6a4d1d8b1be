package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.WorkClaim;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's claims on work on vaults' storage (moves to cold storage, deletions, creating cold tiers, continuous
 * streams), so that nodes sharing a catalog never do the same work at once. A claim is taken in the transaction that
 * finds the work still to do and carries a lease that this node renews every third of {@link #LEASE} while it works: a node that stops (killed, cut
 * off from the catalog) loses its claims when their lease ends, and another node may then do the work. Leases follow
 * real time, not the service clock, which a manual clock stops.
 */
public final class WorkLeases implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(WorkLeases.class.getName());

    private final CellCatalog catalog;
    private final String nodeId;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hokan-point-leases").daemon().factory());

    private record Held(String subject, ClaimedWork work) {
    }

    public WorkLeases(CellCatalog catalog, String nodeId) {
        this.catalog = catalog;
        this.nodeId = nodeId;
        long period = LEASE.dividedBy(3).toMillis();
        renewer.scheduleWithFixedDelay(this::renewOrWarn, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims the work in {@code tx}, the transaction that finds it still to do: whether this node holds it now, which
     * it does unless another node's lease on it runs.
     */
    public boolean claim(CellTx tx, String subject, ClaimedWork work) {
        Instant now = Instant.now();
        if (heldElsewhere(tx, subject, work)) {
            return false;
        }
        tx.workClaims().put(new WorkClaim(subject, work, nodeId, now.plus(LEASE)));
        tx.afterCommit(() -> held.add(new Held(subject, work)));
        return true;
    }

    /** Whether another node holds the work now. */
    public boolean heldElsewhere(CellTx tx, String subject, ClaimedWork work) {
        return tx.workClaims().find(subject, work).filter(c -> c.heldByAnotherThan(nodeId, Instant.now()))
                .isPresent();
    }

    /**
     * Whether this node still holds the work, checked in the transaction that records its result: a node whose lease
     * ended (another may have taken the work over) records nothing.
     */
    public boolean holds(CellTx tx, String subject, ClaimedWork work) {
        return tx.workClaims().find(subject, work)
                .filter(c -> c.nodeId().equals(nodeId) && c.leaseUntil().isAfter(Instant.now())).isPresent();
    }

    /** Gives the work up in {@code tx}, the transaction that records it done. */
    public void release(CellTx tx, String subject, ClaimedWork work) {
        tx.workClaims().delete(subject, work, nodeId);
        tx.afterCommit(() -> held.remove(new Held(subject, work)));
    }

    /** Gives the work up, done or abandoned. */
    public void release(String subject, ClaimedWork work) {
        catalog.write(tx -> {
            release(tx, subject, work);
            return null;
        });
    }

    private void renewOrWarn() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Renewing the leases of node " + nodeId + " on its work failed; retried in "
                    + LEASE.dividedBy(3).toSeconds() + " s", e);
        }
    }

    /** Extends the lease of every claim this node holds; a claim another node took over meanwhile is dropped. */
    private void renew() {
        List<Held> claims = List.copyOf(held);
        if (claims.isEmpty()) {
            return;
        }
        Instant until = Instant.now().plus(LEASE);
        List<Held> lost = catalog.write(tx -> claims.stream().filter(h -> {
            boolean mine = tx.workClaims().find(h.subject(), h.work()).filter(c -> c.nodeId().equals(nodeId))
                    .isPresent();
            if (mine) {
                tx.workClaims().put(new WorkClaim(h.subject(), h.work(), nodeId, until));
            }
            return !mine;
        }).toList());
        lost.forEach(held::remove);
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
