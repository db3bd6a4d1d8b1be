package dev.hokan.engine.job;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.BackupJobFilter;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Idempotency;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.lifecycle.LifecycleRules;
import dev.hokan.engine.plan.PlanValidator;
import dev.hokan.engine.resource.ResourceService;
import dev.hokan.engine.vault.AirGap;
import dev.hokan.engine.vault.VaultService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

public final class BackupJobService {
    static final long DEFAULT_START_WINDOW = 480;
    /** Job lists and summaries cover this much history, as on AWS. */
    static final Duration HISTORY = Duration.ofDays(30);

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final JobDispatcher dispatcher;
    private final VaultService vaults;

    public BackupJobService(CellCatalog catalog, ServiceClock clock, JobDispatcher dispatcher, VaultService vaults) {
        this.catalog = catalog;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.vaults = vaults;
    }

    /** Queues an on-demand backup; the same IdempotencyToken again returns the first job. */
    public BackupJob start(StartBackupJobRequest request) {
        StartBackupJobRequest r = checked(request);
        vaults.createDefaultIfMissing(r.backupVaultName());
        BackupJob job = catalog.write(tx -> {
            AirGap.backupRefusal(VaultService.find(tx, r.backupVaultName())).ifPresent(why -> {
                throw ServiceException.invalidRequest(why);
            });
            LocalResource resource = ResourceService.find(tx, r.resourceArn());
            Instant now = clock.now();
            String id = Idempotency.once(tx, "StartBackupJob", r.idempotencyToken(), r, now, () -> {
                long start = r.startWindowMinutes() == null ? DEFAULT_START_WINDOW : r.startWindowMinutes();
                Instant completeBy = r.completeWindowMinutes() == null ? null
                        : now.plus(Duration.ofMinutes(r.completeWindowMinutes()));
                BackupJob created = new BackupJob(UUID.randomUUID().toString(), r.backupVaultName(), resource.arn(),
                        resource.type(), resource.name(), r.iamRoleArn(), BackupJobState.CREATED, null, now, now,
                        now.plus(Duration.ofMinutes(start)), completeBy, null, 0.0, 0, 0,
                        UUID.randomUUID().toString().toUpperCase(Locale.ROOT), r.lifecycle(),
                        r.recoveryPointTags(), null);
                EventLog.insertJob(tx, now, created);
                return created.jobId();
            });
            return find(tx, id);
        });
        dispatcher.pump();
        return job;
    }

    private static StartBackupJobRequest checked(StartBackupJobRequest r) {
        if (r.backupVaultName() == null) {
            throw ServiceException.missingParameter("BackupVaultName");
        }
        Names.vault(r.backupVaultName());
        if (r.resourceArn() == null) {
            throw ServiceException.missingParameter("ResourceArn");
        }
        if (Arn.parse(r.resourceArn()).isEmpty()) {
            throw ServiceException.invalidParameter("ResourceArn " + r.resourceArn() + " is not an ARN");
        }
        if (r.iamRoleArn() == null) {
            throw ServiceException.missingParameter("IamRoleArn");
        }
        Names.iamRole("IamRoleArn", r.iamRoleArn());
        Names.idempotencyToken(r.idempotencyToken());
        Long start = r.startWindowMinutes();
        if (start != null && (start < PlanValidator.MIN_WINDOW || start > PlanValidator.MAX_WINDOW)) {
            throw ServiceException.invalidParameter("StartWindowMinutes must be between " + PlanValidator.MIN_WINDOW
                    + " and " + PlanValidator.MAX_WINDOW + " minutes, got " + start);
        }
        Long complete = r.completeWindowMinutes();
        long effectiveStart = start == null ? DEFAULT_START_WINDOW : start;
        if (complete != null && (complete < effectiveStart + PlanValidator.MIN_WINDOW
                || complete > PlanValidator.MAX_WINDOW)) {
            throw ServiceException.invalidParameter("CompleteWindowMinutes must be at least "
                    + PlanValidator.MIN_WINDOW + " minutes longer than the start window (" + effectiveStart
                    + " minutes), got " + complete);
        }
        Lifecycle lifecycle = LifecycleRules.check("", r.lifecycle(), false);
        Map<String, String> tags = new TreeMap<>(Names.tags("RecoveryPointTags", r.recoveryPointTags()));
        return new StartBackupJobRequest(r.backupVaultName(), r.resourceArn(), r.iamRoleArn(), r.idempotencyToken(),
                start, complete, lifecycle, tags);
    }

    public BackupJob describe(String jobId) {
        return catalog.read(tx -> find(tx, jobId));
    }

    static BackupJob find(CellTx tx, String jobId) {
        return tx.backupJobs().find(jobId).orElseThrow(() -> ServiceException.notFound("Backup job " + jobId
                + " does not exist"));
    }

    /** Stops a waiting or running job: waiting ones end ABORTED at once, running ones go through ABORTING. */
    public void stop(String jobId) {
        BackupJob job = catalog.write(tx -> {
            BackupJob current = find(tx, jobId);
            if (current.state().isFinal() || current.state() == BackupJobState.ABORTING) {
                throw ServiceException.invalidRequest("Backup job " + jobId + " is " + current.state()
                        + " and cannot be stopped");
            }
            BackupJob next = current.state() == BackupJobState.RUNNING
                    ? current.withState(BackupJobState.ABORTING, "Stop requested")
                    : current.finished(BackupJobState.ABORTED, "Stopped by StopBackupJob before it started",
                            clock.now(), current.recoveryPointId(), 0);
            EventLog.saveJob(tx, clock.now(), next);
            return next;
        });
        if (job.state() == BackupJobState.ABORTING) {
            dispatcher.stop(jobId);
        }
    }

    public Page<BackupJob> list(BackupJobFilter filter, PageRequest page) {
        BackupJobFilter f = new BackupJobFilter(filter.resourceArn(), filter.state(), filter.vaultName(),
                filter.resourceType(), inHistory(filter.createdAfter(), clock.now()), filter.createdBefore(),
                filter.completeAfter(), filter.completeBefore());
        return catalog.read(tx -> tx.backupJobs().list(f, page));
    }

    /** A list's CreatedAfter criterion, moved forward to the start of the {@link #HISTORY} before {@code now}. */
    public static Instant inHistory(Instant createdAfter, Instant now) {
        Instant historyStart = now.minus(HISTORY);
        return createdAfter == null || createdAfter.isBefore(historyStart) ? historyStart.minusMillis(1) : createdAfter;
    }

    /** Job counts of the last period; see {@link JobSummaries#of}. */
    public List<BackupJobSummary> summaries(SummaryPeriod period, String state, String resourceType,
                                            String messageCategory) {
        return JobSummaries.of(catalog, clock.now(), (tx, from, to) -> tx.backupJobs().countByStateAndType(from, to),
                period, state, resourceType, messageCategory);
    }
}
