package dev.hokan.engine.job;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.continuous.ContinuousBackups;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoredResource;
import dev.hokan.engine.restoretest.RestoreTests;
import dev.hokan.engine.vault.SharedPoint;
import dev.hokan.engine.vault.SharedPoints;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.FileProblem;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.restore.RestoreCheckpoint;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.restore.TargetNotEmptyException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs one restore job: write the recovery point's data into the target its kind opens, from the tier it is in. A
 * restore test's job writes into its scratch target, and its test goes on as {@link RestoreTests} says. While it runs,
 * the job records under its claim how many files it completed (its checkpoint); a run that takes the job over from a
 * node that stopped resumes from there into the same target ({@link RestoreCheckpoint}).
 */
public final class RestoreExecution {
    private static final Logger LOG = Logger.getLogger(RestoreExecution.class.getName());
    private static final int PROBLEMS_SHOWN = 5;

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final VaultStorage storage;
    private final ResourceContext resources;
    private final ContinuousBackups continuous;
    private final RestoreTests tests;
    private final SharedPoints shared;

    public RestoreExecution(CellCatalog catalog, ServiceClock clock, VaultStorage storage, ResourceContext resources,
                            ContinuousBackups continuous, RestoreTests tests, SharedPoints shared) {
        this.catalog = catalog;
        this.clock = clock;
        this.storage = storage;
        this.resources = resources;
        this.continuous = continuous;
        this.tests = tests;
        this.shared = shared;
    }

    void run(RestoreJob job, RunningJob handle) {
        try {
            if (!handle.begin()) {
                throw new InterruptedException();
            }
            Instant began = clock.now();
            long beganNanos = System.nanoTime();
            Optional<RecoveryPoint> own = catalog.read(tx -> tx.recoveryPoints().find(job.recoveryPointId()));
            // a point another account shares is read through this account's restore access vault, from its owner's
            // storage, as long as the owner grants the access
            Optional<SharedPoint> sharedPoint = own.isEmpty() && readsShared(job.vaultName())
                    ? Optional.of(shared.through(resources.account(), job.vaultName(), job.recoveryPointId()))
                    : Optional.empty();
            Optional<RecoveryPoint> point = own.or(() -> sharedPoint.map(SharedPoint::point));
            VaultStorage from = sharedPoint.map(SharedPoint::storage).orElse(storage);
            String vaultName = point.map(RecoveryPoint::vaultName).orElse(job.vaultName());
            if (point.isEmpty()) {
                finish(job, handle, RestoreJobStatus.FAILED, "Recovery point " + job.recoveryPointId()
                        + " was deleted before the restore ran");
                return;
            }
            // an earlier claim of the job means an earlier run, which may have written into the target
            RestoreCheckpoint resumeFrom = handle.claim().generation() == 1 ? null : new RestoreCheckpoint(catalog.read(
                    tx -> tx.restoreCheckpoints().filesComplete(job.jobId())).orElse(0L));
            Map<String, String> metadata = RestoreRate.others(job.metadata());
            Optional<Path> scratchTarget = Optional.ofNullable(job.test()).map(t -> RestoreTests.scratchTargetOf(job));
            boolean startedAgain = resumeFrom != null && continuous.clearRestoreTarget(point.get(), metadata,
                    scratchTarget);
            ProgressListener progress = RestoreRate.limit(new ProgressWriter((done, total, files) -> save(
                    job.withProgress(done, total), files, handle)), job.metadata());
            StorageClass tier = point.get().storageClass();
            if (job.test() != null) {
                tests.prepare(job, point.get());
            }
            Optional<Duration> behind = continuous.restoresTo(point.get(), metadata)
                    .map(moment -> Duration.between(moment, Instant.now()));
            Optional<RestoreResult> toMoment = continuous.restore(point.get(), metadata, scratchTarget, progress);
            RestoreResult result;
            Optional<String> outcome = Optional.empty();
            Optional<RestoredResource> made = Optional.empty();
            if (toMoment.isPresent()) {
                result = toMoment.get();
            } else {
                // checked again as the restore starts: a link may have been swapped in since the job was accepted
                RestoreTarget target = job.test() != null ? tests.target(job, point.get())
                        : target(metadata, point.get(), resumeFrom != null);
                made = target.restored();
                try (RestoreSink<?> sink = target.open()) {
                    result = from.withVault(tier, vaultName, vault -> vault.restore(new RestoreRequest(
                            point.get().snapshotId(), sink, List.of(), progress, resumeFrom)));
                    outcome = sink.outcome();
                }
            }
            List<String> notes = new ArrayList<>();
            if (startedAgain) {
                notes.add("Started again from the beginning after the node running it stopped: a restore to a point"
                        + " in time does not resume, so the target an earlier run began was emptied first");
            } else if (resumeFrom != null) {
                notes.add("Resumed after the node running it stopped: of the " + resumeFrom.filesComplete()
                        + " file(s) an earlier run had restored, those still as restored were left as they were");
            }
            outcome.ifPresent(notes::add);
            if (tier == StorageClass.COLD) {
                notes.add("The recovery point's data was read back from cold storage");
            }
            if (!result.inconsistent().isEmpty()) {
                notes.add(BackupExecution.inconsistent(result.inconsistent(), "the backup kept, and this restore wrote,"));
            }
            if (!result.problems().isEmpty()) {
                notes.add(notRestoredExactly(result.problems()));
            }
            completed(job, handle, notes.isEmpty() ? null : String.join(". ", notes), point.get(), made, began,
                    Duration.ofNanos(System.nanoTime() - beganNanos), behind);
        } catch (InterruptedException e) {
            logInterrupted(job);
        } catch (TargetNotEmptyException e) {
            finish(job, handle, RestoreJobStatus.FAILED, "The target directory is not empty: restore into an empty or new"
                    + " directory, or set Overwrite to \"true\"");
        } catch (IOException e) {
            if (handle.abandoned()) {
                logInterrupted(job);
            } else {
                finish(job, handle, RestoreJobStatus.FAILED, "Restore failed: " + BackupExecution.reason(e));
            }
        } catch (ServiceException e) {
            finish(job, handle, RestoreJobStatus.FAILED, e.getMessage());
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that cannot load, memory run out): past this method nothing ends the
            // job, which stays RUNNING
            LOG.log(Level.SEVERE, "Restore job " + job.jobId() + " failed", e);
            finish(job, handle, RestoreJobStatus.FAILED, "Restore failed: " + e);
        }
    }

    private static void logInterrupted(RestoreJob job) {
        LOG.info("Restore job " + job.jobId() + " interrupted by shutdown or the loss of its lease; it resumes at the"
                + " next start or on the node that takes it over");
    }

    private RestoreTarget target(Map<String, String> metadata, RecoveryPoint point, boolean resumed) {
        ResourceKind kind = ResourceKinds.of(point.resourceType());
        return resumed ? kind.resumedRestoreTarget(metadata, point, resources)
                : kind.restoreTarget(metadata, point, resources);
    }

    private static String notRestoredExactly(List<FileProblem> problems) {
        String shown = problems.stream().limit(PROBLEMS_SHOWN).map(p -> p.path() + ": " + p.reason())
                .collect(Collectors.joining("; "));
        return problems.size() + " item(s) restored without all their metadata: " + shown
                + (problems.size() > PROBLEMS_SHOWN ? "; ..." : "");
    }

    /** Whether the job's vault is a restore access vault, or is gone, as one is once its access was revoked. */
    private boolean readsShared(String vaultName) {
        return catalog.read(tx -> tx.vaults().find(vaultName))
                .map(v -> v.type() == VaultType.RESTORE_ACCESS_BACKUP_VAULT).orElse(true);
    }

    private void finish(RestoreJob job, RunningJob handle, RestoreJobStatus status, String message) {
        Instant now = clock.now();
        handle.commitEnd(tx -> {
            EventLog.saveJob(tx, now, job.finished(status, message, now, null));
            tx.restoreCheckpoints().delete(job.jobId());
            return null;
        });
        if (job.test() != null) {
            tests.restoreFailed(job.jobId());
        }
    }

    /**
     * Records the restore as completed, naming the resource it made, which is registered if it is not yet; a restore
     * test is measured and validated ({@code behind}: how far a point in time restored to lay behind the real time
     * when the restore began).
     */
    private void completed(RestoreJob job, RunningJob handle, String message, RecoveryPoint restored,
                           Optional<RestoredResource> made, Instant began, Duration took, Optional<Duration> behind) {
        Instant now = clock.now();
        RestoreJob done = handle.commitEnd(tx -> {
            String createdArn = made.map(r -> r.registeredIn(tx, resources, "restore-" + job.jobId(), now))
                    .orElse(null);
            RestoreJob finished = job.finished(RestoreJobStatus.COMPLETED, message, now, createdArn);
            if (finished.test() != null) {
                finished = tests.completing(finished, began, took, behind);
            }
            EventLog.saveJob(tx, now, finished);
            tx.restoreCheckpoints().delete(job.jobId());
            tx.recoveryPoints().find(restored.recoveryPointId())
                    .ifPresent(p -> tx.recoveryPoints().update(p.restoredAt(now)));
            return finished;
        });
        if (done.test() != null) {
            tests.validate(done, restored);
        }
    }

    /** Saves the job's progress and, once it completed files, its checkpoint. */
    private void save(RestoreJob progressed, long filesComplete, RunningJob handle) {
        handle.commit(tx -> {
            tx.restoreJobs().update(progressed);
            if (filesComplete > 0) {
                tx.restoreCheckpoints().save(progressed.jobId(), filesComplete);
            }
            return null;
        });
    }
}
