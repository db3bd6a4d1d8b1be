package dev.hokan.engine.event;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.event.Event;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.Job;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.engine.Actor;
import dev.hokan.engine.metrics.ServiceMeters;
import dev.hokan.engine.notification.BackupNotifications;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records state changes as events in the same catalog transaction as the change, so that an event exists exactly
 * when its change was committed; so is the notification of a vault event, in the outbox. Jobs are written through here so that none of their state changes goes unrecorded.
 */
public final class EventLog {
    /** One line per job start and end, for the operator's log (journalctl): when, what, and its IDs. */
    private static final Logger JOBS = Logger.getLogger("dev.hokan.jobs");
    private static final Set<EventType> LOGGED = EnumSet.of(EventType.BACKUP_JOB_STARTED,
            EventType.BACKUP_JOB_COMPLETED, EventType.BACKUP_JOB_PARTIAL, EventType.BACKUP_JOB_FAILED,
            EventType.BACKUP_JOB_EXPIRED, EventType.BACKUP_JOB_ABORTED, EventType.RESTORE_JOB_STARTED,
            EventType.RESTORE_JOB_COMPLETED, EventType.RESTORE_JOB_FAILED, EventType.RESTORE_JOB_ABORTED,
            EventType.COPY_JOB_STARTED, EventType.COPY_JOB_COMPLETED, EventType.COPY_JOB_PARTIAL,
            EventType.COPY_JOB_FAILED);
    private static final Set<EventType> FAILURES = EnumSet.of(EventType.BACKUP_JOB_FAILED,
            EventType.RESTORE_JOB_FAILED, EventType.COPY_JOB_FAILED);
    /** What a recovery point's lifecycle does, counted for the metrics. */
    private static final Set<EventType> LIFECYCLE_ACTIONS = EnumSet.of(EventType.RECOVERY_POINT_MOVED_TO_COLD,
            EventType.RECOVERY_POINT_EXPIRED);

    private static long lastStamp;

    private EventLog() {
    }

    public static void record(CellTx tx, Instant at, EventType type, String resourceArn, String message,
                       Map<String, String> details) {
        tx.events().insert(new Event(nextId(), at, type.wireName(), resourceArn, Actor.current(), message, details));
        BackupNotifications.enqueue(tx, at, type, resourceArn, message, details);
        if (LIFECYCLE_ACTIONS.contains(type)) {
            tx.afterCommit(() -> ServiceMeters.LIFECYCLE_ACTIONS.add(1, type.wireName()));
        }
        if (LOGGED.contains(type)) {
            tx.afterCommit(() -> JOBS.log(FAILURES.contains(type) ? Level.WARNING : Level.INFO,
                    () -> logLine(type, resourceArn, message, details)));
        }
    }

    private static String logLine(EventType type, String resourceArn, String message, Map<String, String> details) {
        StringBuilder line = new StringBuilder(type.wireName());
        details.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        line.append(" ResourceArn=").append(resourceArn);
        return message == null ? line.toString() : line.append(": ").append(message).toString();
    }

    /**
     * Events are listed by service time, then by ID; on the manual clock many share a millisecond, so IDs must
     * follow the order events were recorded in: a wall-clock microsecond stamp that never repeats or goes back,
     * then random digits so that several servers sharing a catalog do not collide.
     */
    public static synchronized String nextId() {
        lastStamp = Math.max(lastStamp + 1, System.currentTimeMillis() * 1000);
        return String.format("%016x-%08x", lastStamp, ThreadLocalRandom.current().nextInt());
    }

    public static void insertJob(CellTx tx, Instant at, Job job) {
        tx.jobs().insert(job);
        recordState(tx, at, job);
    }

    /** Saves the job, recording an event when its state changed. */
    public static void saveJob(CellTx tx, Instant at, Job job) {
        if (!tx.jobs().update(job).equals(Optional.of(job.state()))) {
            recordState(tx, at, job);
        }
    }

    private static void recordState(CellTx tx, Instant at, Job job) {
        Map<String, String> details = switch (job) {
            case BackupJob j -> details(j);
            case RestoreJob j -> details(j);
            case CopyJob j -> details(j);
        };
        record(tx, at, EventType.of(job.state()), job.resourceArn(), job.statusMessage(), details);
        if (job.state().isFinal()) {
            tx.afterCommit(() -> ServiceMeters.jobEnded(job));
        }
    }

    private static Map<String, String> details(BackupJob job) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("BackupJobId", job.jobId());
        d.put("BackupVaultName", job.vaultName());
        d.put("ResourceType", job.resourceType().wireName());
        d.put("State", job.state().name());
        if (job.recoveryPointId() != null) {
            d.put("RecoveryPointId", job.recoveryPointId());
        }
        if (job.createdBy() != null) {
            d.put("BackupPlanId", job.createdBy().backupPlanId());
            d.put("BackupRuleId", job.createdBy().backupRuleId());
        }
        return d;
    }

    private static Map<String, String> details(CopyJob job) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("CopyJobId", job.jobId());
        d.put("SourceBackupVaultName", job.sourceVaultName());
        d.put("SourceRecoveryPointId", job.sourceRecoveryPointId());
        d.put("DestinationBackupVaultArn", job.destinationVaultArn());
        d.put("ResourceType", job.resourceType().wireName());
        d.put("State", job.state().name());
        if (job.destinationRecoveryPointArn() != null) {
            d.put("DestinationRecoveryPointArn", job.destinationRecoveryPointArn());
            d.put("BytesTransferred", Long.toString(job.bytesTransferred()));
        }
        if (job.createdBy() != null) {
            d.put("BackupPlanId", job.createdBy().backupPlanId());
            d.put("BackupRuleId", job.createdBy().backupRuleId());
            d.put("CreatedByBackupJobId", job.createdByBackupJobId());
        }
        return d;
    }

    private static Map<String, String> details(RestoreJob job) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("RestoreJobId", job.jobId());
        d.put("BackupVaultName", job.vaultName());
        d.put("RecoveryPointId", job.recoveryPointId());
        d.put("ResourceType", job.resourceType().wireName());
        d.put("Status", job.state().name());
        return d;
    }
}
