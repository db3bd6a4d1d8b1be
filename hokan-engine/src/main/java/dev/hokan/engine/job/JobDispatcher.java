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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts waiting jobs on a bounded pool of workers, oldest first, each no earlier than its start time, with at most
 * one running backup per resource.
 * The catalog is the queue: a job is CREATED (backup, copy) or PENDING (restore) until a worker takes it, so nothing
 * queued is lost when the server stops.
 */
public final class JobDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobDispatcher.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final int workers;
    private final ExecutorService pool;
    private final Runnable afterEachJob;
    private final Map<String, RunningJob> running = new HashMap<>();
    private final Set<String> busyResources = new HashSet<>();
    private List<JobKind<?>> kinds = List.of();
    private boolean closed;

    /** @param afterEachJob runs on the worker when a job has ended, whatever its outcome */
    public JobDispatcher(CellCatalog catalog, ServiceClock clock, int workers, Runnable afterEachJob) {
        this.catalog = catalog;
        this.clock = clock;
        this.workers = workers;
        this.afterEachJob = afterEachJob;
        this.pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("hokan-job-", 1).daemon().factory());
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
                    save(now, claimed);
                    submit(job.jobId(), handle, h -> kind.execute(claimed, h));
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

    /** The jobs that workers are running, by ID. */
    public synchronized List<String> runningJobIds() {
        return List.copyOf(running.keySet());
    }

    /** Stops the job if a worker has it. */
    synchronized void stop(String jobId) {
        RunningJob handle = running.get(jobId);
        if (handle != null) {
            handle.stop(BackupJobState.ABORTED, "Stopped by StopBackupJob");
        }
    }

    /**
     * Stops taking jobs and interrupts running ones; what they leave RUNNING in the catalog is resumed or failed
     * at the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            running.values().forEach(RunningJob::shutDown);
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
