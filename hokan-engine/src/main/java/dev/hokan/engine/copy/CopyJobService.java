package dev.hokan.engine.copy;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobFilter;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.CopyAction;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.engine.Idempotency;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.job.BackupJobService;
import dev.hokan.engine.job.BackupJobSummary;
import dev.hokan.engine.job.JobDispatcher;
import dev.hokan.engine.job.JobSummaries;
import dev.hokan.engine.job.SummaryPeriod;
import dev.hokan.engine.lifecycle.LifecycleRules;
import dev.hokan.engine.vault.RecoveryPointService;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Copy jobs: on demand through StartCopyJob, and one per copy action of a plan rule after each of its backups that
 * completes. Workers of the {@link JobDispatcher} run them ({@link CopyExecution}).
 */
public final class CopyJobService {
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final RecoveryPointService points;
    private final JobDispatcher dispatcher;

    public CopyJobService(CellCatalog catalog, ServiceClock clock, RecoveryPointService points, JobDispatcher dispatcher) {
        this.catalog = catalog;
        this.clock = clock;
        this.points = points;
        this.dispatcher = dispatcher;
    }

    /** Queues an on-demand copy; the same IdempotencyToken again returns the first job. */
    public CopyJob start(StartCopyJobRequest request) {
        StartCopyJobRequest r = checked(request);
        CopyJob job = catalog.write(tx -> {
            RecoveryPoint point = points.inVault(tx, r.sourceBackupVaultName(), r.recoveryPointArn());
            Instant now = clock.now();
            String id = Idempotency.once(tx, "StartCopyJob", r.idempotencyToken(), r, now, () -> {
                CopyJob created = queued(point, r.destinationBackupVaultArn(), r.iamRoleArn(), r.lifecycle(), null,
                        null, now);
                EventLog.insertJob(tx, now, created);
                return created.jobId();
            });
            return find(tx, id);
        });
        dispatcher.pump();
        return job;
    }

    private static StartCopyJobRequest checked(StartCopyJobRequest r) {
        if (r.recoveryPointArn() == null) {
            throw ServiceException.missingParameter("RecoveryPointArn");
        }
        if (r.sourceBackupVaultName() == null) {
            throw ServiceException.missingParameter("SourceBackupVaultName");
        }
        Names.vault(r.sourceBackupVaultName());
        if (r.destinationBackupVaultArn() == null) {
            throw ServiceException.missingParameter("DestinationBackupVaultArn");
        }
        if (CopyTargets.vaultName(r.destinationBackupVaultArn()).isEmpty()) {
            throw ServiceException.invalidParameter("DestinationBackupVaultArn " + r.destinationBackupVaultArn()
                    + " is not a backup vault ARN");
        }
        if (r.iamRoleArn() == null) {
            throw ServiceException.missingParameter("IamRoleArn");
        }
        Names.iamRole("IamRoleArn", r.iamRoleArn());
        Names.idempotencyToken(r.idempotencyToken());
        return new StartCopyJobRequest(r.recoveryPointArn(), r.sourceBackupVaultName(), r.destinationBackupVaultArn(),
                r.iamRoleArn(), r.idempotencyToken(), LifecycleRules.check("", r.lifecycle(), false));
    }

    /**
     * Queues one copy of the point per copy action of the plan rule whose backup made it, in the transaction that
     * records the backup as completed. The copies carry the action's lifecycle, the backup's role and its creator.
     */
    public static void startPlanCopies(CellTx tx, Instant now, BackupJob backup, RecoveryPoint point) {
        RecoveryPointCreator creator = backup.createdBy();
        if (creator == null) {
            return;
        }
        List<CopyAction> actions = tx.plans().findVersion(creator.backupPlanId(), creator.backupPlanVersion())
                .flatMap(plan -> plan.document().rules().stream()
                        .filter(rule -> creator.backupRuleId().equals(rule.ruleId()))
                        .findFirst())
                .map(BackupRule::copyActions)
                .orElse(List.of());
        for (CopyAction action : actions) {
            Lifecycle lifecycle = action.lifecycle() == null ? Lifecycle.KEEP_FOREVER : action.lifecycle();
            EventLog.insertJob(tx, now, queued(point, action.destinationBackupVaultArn(), backup.iamRoleArn(),
                    lifecycle, creator, backup.jobId(), now));
        }
    }

    private static CopyJob queued(RecoveryPoint point, String destinationVaultArn, String iamRoleArn,
                                  Lifecycle lifecycle, RecoveryPointCreator createdBy, String backupJobId,
                                  Instant now) {
        return new CopyJob(newId(), point.vaultName(), point.recoveryPointId(), destinationVaultArn, newId(), null,
                point.resourceArn(), point.resourceType(), point.resourceName(), iamRoleArn, CopyJobState.CREATED,
                null, now, null, point.backupSizeInBytes(), 0, lifecycle, createdBy, backupJobId);
    }

    private static String newId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    public CopyJob describe(String jobId) {
        return catalog.read(tx -> find(tx, jobId));
    }

    private static CopyJob find(CellTx tx, String jobId) {
        return tx.copyJobs().find(jobId).orElseThrow(() -> ServiceException.notFound("Copy job " + jobId
                + " does not exist"));
    }

    /** Jobs of the last {@link BackupJobService#HISTORY}, like backup jobs. */
    public Page<CopyJob> list(CopyJobFilter filter, PageRequest page) {
        CopyJobFilter f = new CopyJobFilter(filter.resourceArn(), filter.state(), filter.resourceType(),
                filter.destinationVaultArn(), filter.sourceRecoveryPointId(),
                BackupJobService.inHistory(filter.createdAfter(), clock.now()), filter.createdBefore(),
                filter.completeAfter(), filter.completeBefore());
        return catalog.read(tx -> tx.copyJobs().list(f, page));
    }

    /** Job counts of the last period; see {@link JobSummaries#of}. */
    public List<BackupJobSummary> summaries(SummaryPeriod period, String state, String resourceType,
                                            String messageCategory) {
        return JobSummaries.of(catalog, clock.now(), (tx, from, to) -> tx.copyJobs().countByStateAndType(from, to),
                period, state, resourceType, messageCategory);
    }
}
