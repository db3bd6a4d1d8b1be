package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.job.Job;
import dev.hokan.engine.Actor;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Starts waiting jobs on a bounded pool of workers, oldest first, each no earlier than its start time, with at most
 * one running backup per resource.
 * The catalog is the queue: a job is CREATED (backup, copy) or PENDING (restore) until a worker takes it, so nothing
 * queued is lost when the server stops. Several dispatchers (of the nodes sharing a catalog) can take from one queue:
 * a worker runs a job only once its node claimed it ({@link JobLeases}), and stops it, leaving it to another node,
 * when the claim is lost.
 */
public final class JobDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobDispatcher.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final JobLeases leases;
    private final int workers;
    private final ExecutorService pool;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hokan-job-leases").daemon().factory());
    private final Runnable afterEachJob;
    private final Map<String, RunningJob> running = new HashMap<>();
    private final Set<String> busyResources = new HashSet<>();
    private List<JobKind<?>> kinds = List.of();
    private boolean closed;

    /** @param afterEachJob runs on the worker when a job has ended, whatever its outcome */
    public JobDispatcher(CellCatalog catalog, ServiceClock clock, JobLeases leases, int workers,
                         Runnable afterEachJob) {
        this.catalog = catalog;
        this.clock = clock;
        this.leases = leases;
        this.workers = workers;
        this.afterEachJob = afterEachJob;
        this.pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("hokan-job-", 1).daemon().factory());
        long period = leases.renewalPeriod().toMillis();
        renewals.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts taking jobs of {@code jobKinds}; the waiting jobs of a kind go to workers before those of the next. */
    public void start(List<JobKind<?>> jobKinds) {
        synchronized (this) {
            this.kinds = List.copyOf(jobKinds);
        }
        pump();
    }

    /**
     * Ends running backups whose completion window has passed, expires waiting ones whose start window has passed
     * and hands waiting jobs to free workers.
     */
    public synchronized void pump() {
        Actor.asService(this::dispatch);
    }

    private void dispatch() {
        if (closed) {
            return;
        }
        Instant now = clock.now();
        running.values().stream()
                .filter(handle -> handle.completeBy() != null && now.isAfter(handle.completeBy()))
                .forEach(RunningJob::completionWindowEnded);
        kinds.forEach(kind -> dispatch(kind, now));
    }

    private <J extends Job> void dispatch(JobKind<J> kind, Instant now) {
        if (running.size() >= workers && !kind.hasStartWindow()) {
            return;
        }
        for (J job : catalog.read(kind::waiting)) {
            Optional<J> expired = kind.expired(job, now);
            if (expired.isPresent()) {
                save(now, expired.get());
            } else if (running.size() >= workers) {
                if (!kind.hasStartWindow()) {
                    return;
                }
            } else if (kind.due(job, now)) {
                RunningJob handle = kind.running(job);
                if (handle.resourceKey() == null || !busyResources.contains(handle.resourceKey())) {
                    J claimed = kind.claimed(job);
                    long claiming = System.nanoTime();
                    leases.claim(job, claimed, now).ifPresent(claim -> {
                        handle.hold(leases, claim, claiming);
                        submit(job.jobId(), handle, h -> kind.execute(claimed, h));
                    });
                }
            }
        }
    }

    private void save(Instant now, Job job) {
        catalog.write(tx -> {
            EventLog.saveJob(tx, now, job);
            return null;
        });
    }

    private void submit(String jobId, RunningJob handle, Consumer<RunningJob> work) {
        running.put(jobId, handle);
        if (handle.resourceKey() != null) {
            busyResources.add(handle.resourceKey());
        }
        pool.execute(() -> {
            try {
                work.accept(handle);
            } catch (LeaseLostException e) {
                LOG.info("Job " + jobId + " stopped on this node, which lost its claim; the node that took it over"
                        + " runs it");
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "Job " + jobId + " failed unexpectedly", e);
            } finally {
                handle.end();
                finished(jobId);
                afterEachJob.run();
                pump();
            }
        });
    }

    private synchronized void finished(String jobId) {
        RunningJob handle = running.remove(jobId);
        if (handle != null && handle.resourceKey() != null) {
            busyResources.remove(handle.resourceKey());
        }
    }

    /**
     * Renews the leases of the running jobs; a job whose claim another node took over, or whose lease ran out while
     * the catalog could not be reached, is abandoned. A job that a caller asked another node to stop is stopped.
     */
    private void renewLeases() {
        Map<String, RunningJob> held;
        List<JobKind<?>> jobKinds;
        synchronized (this) {
            held = running.entrySet().stream().filter(e -> e.getValue().holdsClaim())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            jobKinds = kinds;
        }
        if (held.isEmpty()) {
            return;
        }
        long renewing = System.nanoTime();
        try {
            Set<String> lost = leases.renew(held.values().stream().map(RunningJob::claim).toList());
            held.forEach((jobId, handle) -> {
                if (lost.contains(jobId)) {
                    LOG.warning("Job " + jobId + " was taken over by another node; it stops here");
                    handle.abandon();
                } else {
                    handle.leaseRenewed(renewing);
                }
            });
            Set<String> stopsRequested = catalog.read(tx -> jobKinds.stream()
                    .flatMap(kind -> kind.stopsRequested(tx).stream()).collect(Collectors.toSet()));
            held.keySet().stream().filter(stopsRequested::contains).forEach(this::stop);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Renewing the leases of the running jobs failed; retried in "
                    + leases.renewalPeriod().toMillis() + " ms", e);
            long now = System.nanoTime();
            held.forEach((jobId, handle) -> {
                if (handle.leaseEnded(now, leases.lease())) {
                    LOG.warning("Job " + jobId + " stops here: its lease ran out while the catalog could not be"
                            + " reached, and another node may take it over");
                    handle.abandon();
                }
            });
        }
    }

    /** The jobs that workers are running, by ID. */
    public synchronized List<String> runningJobIds() {
        return List.copyOf(running.keySet());
    }

    /** Stops the job if a worker has it and it is not stopping yet. */
    synchronized void stop(String jobId) {
        RunningJob handle = running.get(jobId);
        if (handle != null && !handle.stopRequested()) {
            handle.stop(BackupJobState.ABORTED, "Stopped by StopBackupJob");
        }
    }

    /**
     * Stops taking jobs and interrupts running ones; what they leave RUNNING in the catalog is resumed or failed
     * at the next start, or by another node once their leases end.
     */
    @Override
    public void close() {
        renewals.shutdownNow();
        synchronized (this) {
            closed = true;
            running.values().forEach(RunningJob::abandon);
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
