package dev.hokan.engine;

import dev.hokan.catalog.BackupJob;
import dev.hokan.catalog.BackupJobState;
import dev.hokan.catalog.Catalog;
import dev.hokan.catalog.CopyJob;
import dev.hokan.catalog.CopyJobState;
import dev.hokan.catalog.RestoreJob;
import dev.hokan.catalog.RestoreJobStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
final class JobDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobDispatcher.class.getName());

    private final Catalog catalog;
    private final ServiceClock clock;
    private final int workers;
    private final ExecutorService pool;
    private final Map<String, RunningJob> running = new HashMap<>();
    private final Set<String> busyResources = new HashSet<>();
    private BackupExecution backups;
    private RestoreExecution restores;
    private CopyExecution copies;
    private boolean closed;

    JobDispatcher(Catalog catalog, ServiceClock clock, int workers) {
        this.catalog = catalog;
        this.clock = clock;
        this.workers = workers;
        this.pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("hokan-job-", 1).daemon().factory());
    }

    void start(BackupExecution backupExecution, RestoreExecution restoreExecution, CopyExecution copyExecution) {
        this.backups = backupExecution;
        this.restores = restoreExecution;
        this.copies = copyExecution;
        pump();
    }

    /**
     * Ends running backups whose completion window has passed, expires waiting ones whose start window has passed
     * and hands waiting jobs to free workers.
     */
    synchronized void pump() {
        Actor.asService(this::dispatch);
    }

    private void dispatch() {
        if (closed || backups == null) {
            return;
        }
        Instant now = clock.now();
        running.values().stream()
                .filter(handle -> handle.completeBy() != null && now.isAfter(handle.completeBy()))
                .forEach(RunningJob::completionWindowEnded);
        List<BackupJob> waiting = catalog.read(tx -> tx.backupJobs().inState(BackupJobState.CREATED));
        for (BackupJob job : waiting) {
            if (now.isAfter(job.startBy())) {
                catalog.write(tx -> {
                    EventLog.saveJob(tx, now, job.finished(BackupJobState.EXPIRED, "The backup did not start within its"
                            + " start window, which ended at " + job.startBy(), now, job.recoveryPointId(), 0));
                    return null;
                });
            } else if (!now.isBefore(job.startAfter()) && running.size() < workers
                    && !busyResources.contains(job.resourceArn())) {
                BackupJob started = job.withState(BackupJobState.RUNNING, null);
                catalog.write(tx -> {
                    EventLog.saveJob(tx, now, started);
                    return null;
                });
                submit(job.jobId(), new RunningJob(job.resourceArn(), job.completeBy(),
                        job.resourceType().keepsPartialBackups()), handle -> backups.run(started, handle));
            }
        }
        if (running.size() >= workers) {
            return;
        }
        List<RestoreJob> pending = catalog.read(tx -> tx.restoreJobs().inStatus(RestoreJobStatus.PENDING));
        for (RestoreJob job : pending) {
            if (running.size() >= workers) {
                break;
            }
            RestoreJob started = job.withStatus(RestoreJobStatus.RUNNING, null);
            catalog.write(tx -> {
                EventLog.saveJob(tx, now, started);
                return null;
            });
            submit(job.jobId(), new RunningJob(null, null, false), handle -> restores.run(started, handle));
        }
        List<CopyJob> copiesWaiting = catalog.read(tx -> tx.copyJobs().inState(CopyJobState.CREATED));
        for (CopyJob job : copiesWaiting) {
            if (running.size() >= workers) {
                break;
            }
            CopyJob started = job.withState(CopyJobState.RUNNING, null);
            catalog.write(tx -> {
                EventLog.saveJob(tx, now, started);
                return null;
            });
            submit(job.jobId(), new RunningJob(null, null, false), handle -> copies.run(started, handle));
        }
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
