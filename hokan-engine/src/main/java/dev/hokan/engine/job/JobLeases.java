package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.Job;
import dev.hokan.catalog.cell.job.JobClaim;
import dev.hokan.catalog.cell.job.JobType;
import dev.hokan.engine.event.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How the nodes sharing a catalog share its jobs, so that each job runs on one node at a time and its outcome is
 * committed once. A node claims a waiting job in the transaction that makes it RUNNING; it renews the claim's lease
 * while the job runs; every commit of the job checks, in its own transaction, that the claim is still the job's
 * current one (same node, same generation), so a node that lost the job commits nothing more. A running job whose
 * lease ended is taken over: its kind settles it as a stop of the server would ({@link JobKind#interrupted}) and
 * releases the claim, and a node claims it again under the next generation. Leases follow real time, not the service
 * clock, which a manual clock stops; the nodes' clocks must agree to well within a lease.
 */
public final class JobLeases {
    /** How long a claim lasts unless renewed, when the server is not told otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final CellCatalog catalog;
    private final String nodeId;
    private final Duration lease;

    public JobLeases(CellCatalog catalog, String nodeId, Duration lease) {
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("A job lease lasts at least one second, not " + lease);
        }
        this.catalog = catalog;
        this.nodeId = nodeId;
        this.lease = lease;
    }

    /** How long a claim lasts unless renewed. */
    Duration lease() {
        return lease;
    }

    /** How often a node renews the leases of the jobs it runs: three times per lease. */
    Duration renewalPeriod() {
        return lease.dividedBy(3);
    }

    /**
     * Claims {@code waiting} for this node, saving it as {@code claimed}, if it is still as it was read: empty when
     * another dispatcher moved it first.
     */
    <J extends Job> Optional<JobClaim> claim(J waiting, J claimed, Instant now) {
        return catalog.write(tx -> {
            if (tx.jobs().find(waiting).map(Job::state).filter(state -> state == waiting.state()).isEmpty()) {
                return Optional.empty();
            }
            EventLog.saveJob(tx, now, claimed);
            return Optional.of(tx.jobClaims().claim(claimed.jobId(), JobType.of(claimed), nodeId, leaseEnd()));
        });
    }

    /**
     * Runs {@code work} in one transaction if {@code claim} is still the job's current claim; the job's end also
     * releases it.
     *
     * @throws LeaseLostException when it is not, having written nothing
     */
    <T> T commit(JobClaim claim, boolean end, Function<CellTx, T> work) {
        return catalog.write(tx -> {
            if (!tx.jobClaims().holds(claim)) {
                throw new LeaseLostException(claim.jobId());
            }
            T result = work.apply(tx);
            if (end) {
                tx.jobClaims().release(claim.jobId());
            }
            return result;
        });
    }

    /**
     * Extends the leases of {@code claims} by a whole lease from now.
     *
     * @return the IDs of the jobs whose claim is no longer current, which another node took over
     */
    Set<String> renew(Collection<JobClaim> claims) {
        Instant end = leaseEnd();
        return catalog.write(tx -> {
            Set<String> lost = new TreeSet<>();
            claims.stream().filter(claim -> !tx.jobClaims().renew(claim, end)).forEach(claim -> lost.add(claim.jobId()));
            return lost;
        });
    }

    /**
     * Takes over the running jobs of {@code kinds} that no node holds any more: their lease ended, they have no
     * claim (they ran before claims were kept) or, {@code atStart}, this node held them before it stopped.
     *
     * @return the vaults in which those jobs may have left data that no recovery point holds
     */
    public Set<String> takeOver(List<JobKind<?>> kinds, boolean atStart, Instant now) {
        Instant leaseNow = Instant.now();
        // looked for outside a write first: a serializable transaction reading the running jobs would stand in the
        // way of other nodes' writes every few seconds
        if (catalog.read(tx -> kinds.stream().allMatch(kind -> abandoned(tx, kind, atStart, leaseNow).isEmpty()))) {
            return Set.of();
        }
        return catalog.write(tx -> {
            Set<String> vaults = new TreeSet<>();
            kinds.forEach(kind -> vaults.addAll(takeOver(tx, kind, atStart, now, leaseNow)));
            return vaults;
        });
    }

    private <J extends Job> Set<String> takeOver(CellTx tx, JobKind<J> kind, boolean atStart, Instant now,
                                                 Instant leaseNow) {
        Set<String> vaults = new TreeSet<>();
        for (J job : abandoned(tx, kind, atStart, leaseNow)) {
            EventLog.saveJob(tx, now, kind.interrupted(job, now));
            tx.jobClaims().release(job.jobId());
            kind.vaultWritten(job).ifPresent(vaults::add);
        }
        return vaults;
    }

    /** The running jobs of {@code kind} that no node holds any more. */
    private <J extends Job> List<J> abandoned(CellTx tx, JobKind<J> kind, boolean atStart, Instant leaseNow) {
        return kind.held(tx).stream().filter(job -> tx.jobClaims().find(job.jobId())
                .map(claim -> !claim.liveAt(leaseNow) || atStart && claim.heldBy(nodeId))
                .orElse(true)).toList();
    }

    /** The claims nodes hold on this cell's jobs. */
    public List<JobClaim> held() {
        return catalog.read(tx -> tx.jobClaims().held());
    }

    private Instant leaseEnd() {
        return Instant.now().plus(lease);
    }
}
