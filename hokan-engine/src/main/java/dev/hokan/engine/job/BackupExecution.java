package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.continuous.ContinuousBackups;
import dev.hokan.engine.copy.CopyJobService;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.metrics.ServiceMeters;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.protection.VaultLockRules;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.resource.ResourceSettings;
import dev.hokan.engine.vault.AirGap;
import dev.hokan.engine.vault.SnapshotTags;
import dev.hokan.engine.vault.VaultService;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.FileProblem;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.NotReached;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Runs one backup job: snapshot the resource into the vault, then record the recovery point. */
public final class BackupExecution {
    private static final Logger LOG = Logger.getLogger(BackupExecution.class.getName());
    private static final int PROBLEMS_SHOWN = 5;

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final VaultStorage storage;
    private final VaultService vaults;
    private final ExpiryWindow expiryWindow;
    private final ResourceContext resources;
    private final ContinuousBackups continuous;

    public BackupExecution(CellCatalog catalog, ServiceClock clock, VaultStorage storage, VaultService vaults,
                           ExpiryWindow expiryWindow, ResourceContext resources, ContinuousBackups continuous) {
        this.catalog = catalog;
        this.clock = clock;
        this.storage = storage;
        this.vaults = vaults;
        this.expiryWindow = expiryWindow;
        this.resources = resources;
        this.continuous = continuous;
    }

    void run(BackupJob job, RunningJob handle) {
        try {
            if (!handle.begin()) {
                throw new InterruptedException();
            }
            // checked as the backup starts, which every job goes through, however it was created
            vaults.createDefaultIfMissing(job.vaultName());
            Optional<BackupVault> target = catalog.read(tx -> tx.vaults().find(job.vaultName()));
            if (target.isEmpty()) {
                fail(job, handle, "Backup vault " + job.vaultName() + " does not exist");
                return;
            }
            Optional<String> notTaken = AirGap.backupRefusal(target.get());
            if (notTaken.isPresent()) {
                fail(job, handle, notTaken.get());
                return;
            }
            Optional<String> refused = catalog.read(tx -> tx.vaultLocks().find(job.vaultName()))
                    .flatMap(lock -> VaultLockRules.retentionProblem(lock, job.lifecycle()));
            if (refused.isPresent()) {
                fail(job, handle, refused.get() + "; give the backup a retention the vault lock allows, or back up into"
                        + " another vault");
                return;
            }
            Instant started = clock.now();
            Optional<LocalResource> resource = catalog.read(tx -> tx.resources().find(job.resourceArn()));
            if (resource.isEmpty()) {
                fail(job, handle, "Resource " + job.resourceArn() + " was deregistered before the backup ran");
                return;
            }
            LocalResource r = resource.get();
            ResourceKind kind = ResourceKinds.of(r.type());
            ProgressWriter progress = new ProgressWriter((done, total, files) -> save(job.withProgress(done, total),
                    handle));
            boolean continuousRule = continuous.requested(job);
            if (continuousRule && kind.continuousBackupPossible()) {
                backUpContinuously(job, r, progress, handle);
                return;
            }
            BackupSource source;
            try {
                source = kind.backupSource(ResourceSettings.parse(r.settings()), resources);
            } catch (ServiceException e) {
                fail(job, handle, e.getMessage());
                return;
            }
            dropEarlierRunsSnapshots(job, handle);
            BackupResult result = storage.withVault(job.vaultName(), vault -> vault.backup(
                    new BackupRequest(source, job.resourceArn(), SnapshotTags.of(job.recoveryPointTags(),
                            job.recoveryPointId()), progress, handle.finishSignal())));
            // as AWS Backup does for resource types without continuous backup
            complete(job, handle, source, started, result, continuousRule ? "Resource type " + r.type().wireName()
                    + " has no continuous backup; the rule's EnableContinuousBackup takes snapshot backups of it"
                    : null);
        } catch (InterruptedException e) {
            stopped(job, handle);
        } catch (IOException e) {
            if (handle.stopRequested() || handle.abandoned()) {
                stopped(job, handle);
            } else {
                fail(job, handle, "Backup of " + job.resourceArn() + " failed: " + reason(e));
            }
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that cannot load, memory run out): past this method nothing ends the
            // job, which stays RUNNING
            LOG.log(Level.SEVERE, "Backup job " + job.jobId() + " failed", e);
            fail(job, handle, "Backup failed: " + e);
        }
    }

    /**
     * A job run again (its node stopped or lost it) may find the snapshot an earlier run sealed without living to
     * record its recovery point: no point holds it, so it is dropped before this run seals its own.
     */
    private void dropEarlierRunsSnapshots(BackupJob job, RunningJob handle) {
        if (handle.claim() == null || handle.claim().generation() <= 1) {
            return;
        }
        try {
            List<String> earlier = storage.snapshots(StorageClass.WARM, job.vaultName()).stream()
                    .filter(info -> job.recoveryPointId().equals(info.tags().get(SnapshotTags.RECOVERY_POINT_ID)))
                    .map(SnapshotInfo::id)
                    .toList();
            if (!earlier.isEmpty()) {
                LOG.info("Backup job " + job.jobId() + " drops " + earlier + ", sealed by an earlier run that did not"
                        + " record its recovery point");
                storage.release(StorageClass.WARM, job.vaultName(), earlier);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Backup job " + job.jobId() + " could not look for snapshots an earlier run left in"
                    + " vault " + job.vaultName() + "; the backup goes on", e);
        }
    }

    /** A base backup into the resource's continuous point, which the first run makes. */
    private void backUpContinuously(BackupJob job, LocalResource resource, ProgressWriter progress, RunningJob handle)
            throws IOException, InterruptedException {
        RecoveryPoint point;
        try {
            point = continuous.backUp(job, resource, progress, handle.finishSignal());
        } catch (ServiceException e) {
            fail(job, handle, e.getMessage());
            return;
        }
        handle.commitEnd(tx -> {
            Instant now = clock.now();
            BackupJob done = job.withProgress(point.backupSizeInBytes(), point.backupSizeInBytes())
                    .finished(BackupJobState.COMPLETED, null, now, point.recoveryPointId(), point.backupSizeInBytes());
            EventLog.saveJob(tx, now, done);
            // the rule's copy actions copy a snapshot of the continuous point, as in AWS
            CopyJobService.startPlanCopies(tx, now, done, point);
            return null;
        });
    }

    /**
     * Records the recovery point and the job's end; a node that lost the job meanwhile drops the snapshot it made,
     * which no recovery point will hold.
     */
    private void complete(BackupJob job, RunningJob handle, BackupSource source, Instant started, BackupResult result,
                          String note) {
        boolean partial = result.status() == SnapshotStatus.PARTIAL;
        String found = withSkipped(partial ? partialMessage(result) : null, result);
        String message = note == null ? found : found == null ? note : found + ". " + note;
        long size = result.stats().bytesScanned();
        RecoveryPoint point = newPoint(job, result, source.location(), started, clock.now(), expiryWindow)
                .status(partial ? RecoveryPointStatus.PARTIAL : RecoveryPointStatus.COMPLETED)
                .statusMessage(message)
                .build();
        BackupJob done = job.withProgress(result.stats().bytesScanned(), size)
                .finished(partial ? BackupJobState.PARTIAL : BackupJobState.COMPLETED, message, clock.now(),
                        point.recoveryPointId(), size);
        String pointArn = resources.account().recoveryPointArn(point.recoveryPointId());
        try {
            handle.commitEnd(tx -> {
                insert(tx, pointArn, point, job.recoveryPointTags(), message);
                EventLog.saveJob(tx, point.completionDate(), done);
                if (!partial) {
                    CopyJobService.startPlanCopies(tx, point.completionDate(), done, point);
                }
                tx.afterCommit(() -> ServiceMeters.backedUp(job.resourceType().wireName(), result.stats()));
                return null;
            });
        } catch (LeaseLostException e) {
            try {
                storage.release(StorageClass.WARM, job.vaultName(), List.of(result.snapshotId()));
            } catch (IOException | RuntimeException dropping) {
                LOG.log(Level.WARNING, "Dropping snapshot " + result.snapshotId() + " of job " + job.jobId()
                        + ", which this node made after it lost the job, failed", dropping);
            }
            throw e;
        }
    }

    /** The recovery point a backup job's snapshot makes, but for its status. */
    public static RecoveryPoint.Builder newPoint(BackupJob job, BackupResult result, String location, Instant started,
                                                 Instant completed, ExpiryWindow expiryWindow) {
        return RecoveryPoint.builder()
                .recoveryPointId(job.recoveryPointId())
                .vaultName(job.vaultName())
                .resourceArn(job.resourceArn())
                .resourceType(job.resourceType())
                .resourceName(job.resourceName())
                .snapshotId(result.snapshotId())
                .creationDate(started)
                .completionDate(completed)
                .backupSizeInBytes(result.stats().bytesScanned())
                .fileCount(result.stats().filesScanned())
                .sourceLocation(location)
                .lifecycle(job.lifecycle())
                .iamRoleArn(job.iamRoleArn())
                .backupJobId(job.jobId())
                .createdBy(job.createdBy())
                .storageClass(StorageClass.WARM)
                .retention(RetentionClock.RUNNING.withExpiryDelay(expiryWindow.draw()));
    }

    /** Records a new recovery point with its tags and the event of its creation. */
    public static void insert(CellTx tx, String pointArn, RecoveryPoint point, Map<String, String> tags,
                              String message) {
        tx.recoveryPoints().insert(point);
        tx.tags().put(pointArn, tags);
        EventLog.record(tx, point.completionDate(), EventType.RECOVERY_POINT_CREATED, pointArn, message,
                Map.of("BackupVaultName", point.vaultName(), "ResourceArn", point.resourceArn(),
                        "Status", point.status().name()));
    }

    public static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String partialMessage(BackupResult result) {
        List<String> parts = new ArrayList<>();
        NotReached notReached = result.notReached();
        if (notReached != null) {
            parts.add(notReached.reason() + "; the recovery point keeps what was complete. Not backed up: "
                    + notReached.leftOut());
        }
        if (!result.problems().isEmpty()) {
            parts.add(result.problems().size() + " file(s) could not be read and are missing from the recovery point: "
                    + listed(result.problems().stream().map(FileProblem::path).toList()));
        }
        if (!result.inconsistent().isEmpty()) {
            parts.add(inconsistent(result.inconsistent(), "the recovery point keeps"));
        }
        return String.join(". ", parts);
    }

    /** Says which files changed while the backup read them twice, and that {@code kept} a copy that may be torn. */
    static String inconsistent(List<String> paths, String kept) {
        return paths.size() + " file(s) changed while being read, and again when read once more; " + kept
                + " a copy of them that may be inconsistent: " + listed(paths);
    }

    private static String listed(List<String> paths) {
        return paths.stream().limit(PROBLEMS_SHOWN).collect(Collectors.joining(", "))
                + (paths.size() > PROBLEMS_SHOWN ? ", ..." : "");
    }

    /** Sockets (and any other file type that cannot be stored) are counted, never left out in silence. */
    private static String withSkipped(String message, BackupResult result) {
        if (result.skipped().isEmpty()) {
            return message;
        }
        String skipped = result.skipped().size() + " special file(s) cannot be backed up and were left out: "
                + result.skipped().stream().limit(PROBLEMS_SHOWN).collect(Collectors.joining(", "))
                + (result.skipped().size() > PROBLEMS_SHOWN ? ", ..." : "");
        return message == null ? skipped : message + ". " + skipped;
    }

    private void stopped(BackupJob job, RunningJob handle) {
        if (!handle.stopRequested()) {
            LOG.info("Backup job " + job.jobId() + " interrupted by shutdown or the loss of its lease; it resumes at"
                    + " the next start or on the node that takes it over");
            return;
        }
        handle.commitEnd(tx -> {
            Instant now = clock.now();
            EventLog.saveJob(tx, now, job.finished(handle.stopOutcome(), handle.stopReason(), now,
                    job.recoveryPointId(), 0));
            return null;
        });
    }

    private void fail(BackupJob job, RunningJob handle, String message) {
        handle.commitEnd(tx -> {
            Instant now = clock.now();
            EventLog.saveJob(tx, now, job.finished(BackupJobState.FAILED, message, now, job.recoveryPointId(), 0));
            return null;
        });
    }

    private void save(BackupJob progressed, RunningJob handle) {
        handle.commit(tx -> {
            tx.backupJobs().find(progressed.jobId())
                    .filter(current -> current.state() == BackupJobState.RUNNING)
                    .ifPresent(current -> tx.backupJobs().update(progressed));
            return null;
        });
    }
}
