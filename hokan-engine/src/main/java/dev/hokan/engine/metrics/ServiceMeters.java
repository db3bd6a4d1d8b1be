package dev.hokan.engine.metrics;

import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.Job;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.store.backup.BackupStats;
import java.time.Duration;

/**
 * What the engine counts in memory, for Prometheus: totals since the process started (Prometheus expects counters to
 * start again at zero after a restart). They are the process's, like its logs: every cell of every deployment in
 * it adds to them, each series labelled with what tells them apart.
 */
public final class ServiceMeters {
    private static final double[] JOB_SECONDS = {1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400};

    public static final Counter JOBS_ENDED = new Counter("hokan_jobs_ended_total",
            "Jobs that reached a final state, by job type and state.", "job_type", "state");
    public static final Histogram JOB_DURATION = new Histogram("hokan_job_duration_seconds",
            "Time from a job's creation to its end on the service clock, by job type and final state.", JOB_SECONDS,
            "job_type", "state");
    public static final Counter BACKUP_SCANNED_BYTES = new Counter("hokan_backup_scanned_bytes_total",
            "Bytes of the files that completed backups covered (unchanged files included), by resource type.",
            "resource_type");
    public static final Counter BACKUP_NEW_BYTES = new Counter("hokan_backup_new_bytes_total",
            "Bytes that completed backups found new (file chunks and trees): what deduplication left to store.",
            "resource_type");
    public static final Counter BACKUP_STORED_BYTES = new Counter("hokan_backup_stored_bytes_total",
            "Bytes that completed backups added to their vaults: the new chunks after compression and encryption.",
            "resource_type");
    public static final Counter LIFECYCLE_ACTIONS = new Counter("hokan_lifecycle_actions_total",
            "Recovery points that their lifecycle moved to cold storage or expired, by the event recorded.",
            "action");

    private ServiceMeters() {
    }

    /** Counts a job that has just reached a final state. */
    public static void jobEnded(Job job) {
        String type = switch (job) {
            case BackupJob j -> "backup";
            case RestoreJob j -> "restore";
            case CopyJob j -> "copy";
        };
        String state = job.state().name();
        JOBS_ENDED.add(1, type, state);
        if (job.creationDate() != null && job.completionDate() != null) {
            JOB_DURATION.observe(Math.max(0, Duration.between(job.creationDate(), job.completionDate()).toMillis())
                    / 1000.0, type, state);
        }
    }

    /** Counts what a backup of a resource of {@code resourceType} stored. */
    public static void backedUp(String resourceType, BackupStats stats) {
        BACKUP_SCANNED_BYTES.add(stats.bytesScanned(), resourceType);
        BACKUP_NEW_BYTES.add(stats.newBytes(), resourceType);
        BACKUP_STORED_BYTES.add(stats.storedBytes(), resourceType);
    }

    static void write(PrometheusText out) {
        JOBS_ENDED.write(out);
        JOB_DURATION.write(out);
        BACKUP_SCANNED_BYTES.write(out);
        BACKUP_NEW_BYTES.write(out);
        BACKUP_STORED_BYTES.write(out);
        LIFECYCLE_ACTIONS.write(out);
    }
}
