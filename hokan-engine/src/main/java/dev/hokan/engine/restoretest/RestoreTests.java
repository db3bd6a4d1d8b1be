package dev.hokan.engine.restoretest;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreDeletionStatus;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.job.RestoreTest;
import dev.hokan.catalog.cell.job.RestoreValidationStatus;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.job.StartWindow;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.resource.RestoreTarget;
import dev.hokan.engine.resource.RestoreTesting;
import dev.hokan.engine.resource.TestedResource;
import dev.hokan.engine.vault.VaultStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens to a restore test's restore job: it restores into its scratch target, is measured (RPO: the
 * recovery point's age on the service clock when the restore began, or for a continuous point how far the moment it
 * restored to lay behind the real time then, continuous windows being kept in real time; RTO: how long the restore
 * took, in real time, which a manual clock does not stand still for), checked by the kind itself, and its scratch
 * target deleted: at once when the selection gives no validation window, otherwise when a caller's own result arrives
 * (PutRestoreValidationResult) or the window ends. A restore that failed fails its test and is deleted too.
 */
public final class RestoreTests {
    private static final Logger LOG = Logger.getLogger(RestoreTests.class.getName());
    static final String TARGET_PATH = "TargetPath";

    private final CellContext cell;
    private final VaultStorage storage;
    private final ResourceContext resources;
    private final Path scratchRoot;
    /** Tests this server is checking now; their scratch targets are not deleted meanwhile. */
    private final Set<String> validating = ConcurrentHashMap.newKeySet();
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();

    /**
     * @param resources how kinds reach the tested resources
     * @param scratchRoot where tests' scratch directories go: a directory of the cell's data directory
     */
    public RestoreTests(CellContext cell, VaultStorage storage, ResourceContext resources, Path scratchRoot) {
        this.cell = cell;
        this.storage = storage;
        this.resources = resources;
        this.scratchRoot = scratchRoot;
    }

    /** What GetRestoreTestingInferredMetadata shows: the point's restore metadata but where it is restored to. */
    static Map<String, String> inferredMetadata(RecoveryPoint point) {
        Map<String, String> metadata = new TreeMap<>(ResourceKinds.of(point.resourceType()).restoreMetadata(point));
        metadata.keySet().removeIf(k -> k.equalsIgnoreCase(TARGET_PATH) || k.equalsIgnoreCase("Overwrite"));
        return metadata;
    }

    /**
     * The restore metadata that names the scratch target of a new test job: its TargetPath, the kind's for a path under
     * the data directory named after the job, and what else the kind records of it.
     */
    Map<String, String> scratchMetadata(ResourceType type, String jobId) {
        RestoreTesting testing = testing(type);
        Path target = testing.scratchTarget(scratchRoot.resolve(jobId));
        Map<String, String> metadata = new TreeMap<>(testing.scratchMetadata(target));
        metadata.put(TARGET_PATH, target.toString());
        return metadata;
    }

    static RestoreTesting testing(ResourceType type) {
        return ResourceKinds.of(type).restoreTesting().orElseThrow(() -> ServiceException.invalidParameter(
                "Resources of type " + type.wireName() + " cannot be restore-tested yet"));
    }

    /**
     * When a test's restore must have started: its plan's StartWindowHours after the run that created it (the
     * default window once the plan is gone); empty for a restore that is not a test.
     */
    public Optional<StartWindow> startWindow(RestoreJob job) {
        if (job.test() == null) {
            return Optional.empty();
        }
        String planArn = job.test().planArn();
        int hours = cell.catalog().read(tx -> tx.restoreTestingPlans().all()).stream()
                .filter(plan -> plan.arn().equals(planArn)).findFirst()
                .map(plan -> plan.document().startWindowHours())
                .orElse(RestoreTestingRules.DEFAULT_START_WINDOW_HOURS);
        return Optional.of(new StartWindow(job.creationDate().plus(Duration.ofHours(hours)),
                "StartWindowHours " + hours + " of " + planArn));
    }

    /** Makes what the kind needs around the test's scratch target, before the restore. */
    public void prepare(RestoreJob job, RecoveryPoint point) throws IOException {
        testing(point.resourceType()).prepare(scratchTargetOf(job));
    }

    /** Where a test's restore writes: its scratch target, which the host path rules do not govern. */
    public RestoreTarget target(RestoreJob job, RecoveryPoint point) {
        return testing(point.resourceType()).target(scratchTargetOf(job), job.metadata(), point, tested(job));
    }

    /**
     * The completed test as it is saved: measured, and being validated by this server until its window ends.
     *
     * @param began when the restore began, on the service clock
     * @param took how long the restore took
     * @param behind for a restore to a point in time, how far that moment lay behind the real time when the restore
     *               began: the RPO then, rather than the point's age
     */
    public RestoreJob completing(RestoreJob completed, Instant began, Duration took, Optional<Duration> behind) {
        validating.add(completed.jobId());
        RestoreTest test = completed.test();
        Duration rpo = behind.orElseGet(() -> Duration.between(completed.recoveryPointCreationDate(), began));
        return completed.withTest(test.measured(rpo, took)
                .validated(RestoreValidationStatus.VALIDATING, null,
                        completed.completionDate().plus(Duration.ofHours(test.validationWindowHours()))));
    }

    /**
     * Checks what the completed test restored, unless a caller's result came first, then deletes its scratch target
     * when its validation window is already over.
     */
    public void validate(RestoreJob completed, RecoveryPoint point) {
        RestoreValidationStatus status;
        String message;
        try {
            Optional<String> problem = testing(point.resourceType()).validate(scratchTargetOf(completed),
                    tested(completed), directory -> storage.withVault(point.storageClass(), point.vaultName(),
                            vault -> vault.differences(point.snapshotId(), directory)));
            status = problem.isEmpty() ? RestoreValidationStatus.SUCCESSFUL : RestoreValidationStatus.FAILED;
            message = problem.orElse(null);
        } catch (IOException | RuntimeException e) {
            status = RestoreValidationStatus.FAILED;
            message = "The restored data could not be checked: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            validating.remove(completed.jobId());
            return;
        }
        RestoreValidationStatus result = status;
        String reason = message;
        RestoreJob checked = change(completed.jobId(), t -> t.validationStatus() == RestoreValidationStatus.VALIDATING
                ? t.validated(result, reason, t.validationWindowEnd()) : t);
        validating.remove(completed.jobId());
        if (!cell.clock().now().isBefore(checked.test().validationWindowEnd())) {
            delete(checked);
        }
    }

    /** A caller's own check: it overrides the server's while the window is open; a final result ends the test. */
    void putValidationResult(String jobId, RestoreValidationStatus status, String message) {
        RestoreJob job = cell.catalog().write(tx -> {
            RestoreJob found = tx.restoreJobs().find(jobId).orElseThrow(() -> ServiceException.notFound(
                    "Restore job " + jobId + " does not exist"));
            RestoreTest test = found.test();
            if (test == null) {
                throw ServiceException.invalidRequest("Restore job " + jobId + " was not started by a restore testing"
                        + " plan; only restore tests take validation results");
            }
            if (found.state() != RestoreJobStatus.COMPLETED || test.validationWindowEnd() == null) {
                throw ServiceException.invalidRequest("Restore job " + jobId + " is " + found.state()
                        + "; a validation result is taken once the restore has completed");
            }
            Instant now = cell.clock().now();
            if (!now.isBefore(test.validationWindowEnd()) || test.deletionStatus() != null) {
                throw ServiceException.invalidRequest("The validation window of restore job " + jobId + " ended at "
                        + test.validationWindowEnd() + " (ValidationWindowHours " + test.validationWindowHours()
                        + " of its selection) and its restored data is deleted");
            }
            RestoreJob updated = found.withTest(test.validated(status, message, test.validationWindowEnd()));
            tx.restoreJobs().update(updated);
            return updated;
        });
        if (status != RestoreValidationStatus.VALIDATING && !validating.contains(jobId)) {
            delete(job);
        }
    }

    /**
     * Ends the tests whose scratch target is due for deletion: their validation window ended (a result still
     * awaited then is TIMED_OUT), or their restore did not complete (the test FAILED).
     */
    public void deleteDue() {
        Instant now = cell.clock().now();
        for (RestoreJob job : cell.catalog().read(tx -> tx.restoreJobs().testsAwaitingDeletion())) {
            RestoreTest t = job.test();
            if (validating.contains(job.jobId())
                    || (t.validationWindowEnd() != null && now.isBefore(t.validationWindowEnd()))) {
                continue;
            }
            delete(change(job.jobId(), test -> ended(job, test, now)));
        }
    }

    /** A test whose restore did not complete: it fails, and what the restore wrote is deleted. */
    public void restoreFailed(String jobId) {
        Instant now = cell.clock().now();
        RestoreJob failed = cell.catalog().read(tx -> find(tx, jobId));
        delete(change(jobId, t -> ended(failed, t, now)));
    }

    private static RestoreTest ended(RestoreJob job, RestoreTest test, Instant now) {
        if (job.state() != RestoreJobStatus.COMPLETED && test.validationStatus() == null) {
            return test.validated(RestoreValidationStatus.FAILED, "The restore did not complete (" + job.state()
                    + "): " + job.statusMessage(), now);
        }
        if (test.validationStatus() == RestoreValidationStatus.VALIDATING) {
            return test.validated(RestoreValidationStatus.TIMED_OUT, "No validation result arrived before the"
                    + " validation window ended at " + test.validationWindowEnd(), test.validationWindowEnd());
        }
        return test;
    }

    private void delete(RestoreJob job) {
        if (!deleting.add(job.jobId())) {
            return;
        }
        try {
            change(job.jobId(), t -> t.deletion(RestoreDeletionStatus.DELETING, null));
            try {
                testing(job.resourceType()).delete(scratchTargetOf(job), tested(job));
                change(job.jobId(), t -> t.deletion(RestoreDeletionStatus.SUCCESSFUL, null));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Deleting what restore test " + job.jobId() + " restored failed", e);
                change(job.jobId(), t -> t.deletion(RestoreDeletionStatus.FAILED, "Deleting "
                        + scratchTargetOf(job) + " failed: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            deleting.remove(job.jobId());
        }
    }

    private TestedResource tested(RestoreJob job) {
        return new TestedResource(job.resourceArn(), resources);
    }

    /** Where a test's restore writes: its scratch target, which the host path rules do not govern. */
    public static Path scratchTargetOf(RestoreJob job) {
        return Path.of(job.metadata().get(TARGET_PATH));
    }

    /** Changes the stored test of the job and returns the job as saved. */
    private RestoreJob change(String jobId, UnaryOperator<RestoreTest> change) {
        return cell.catalog().write(tx -> {
            RestoreJob job = find(tx, jobId);
            RestoreJob changed = job.withTest(change.apply(job.test()));
            tx.restoreJobs().update(changed);
            return changed;
        });
    }

    private static RestoreJob find(CellTx tx, String jobId) {
        return tx.restoreJobs().find(jobId).orElseThrow(() -> ServiceException.notFound("Restore job " + jobId
                + " does not exist"));
    }
}
