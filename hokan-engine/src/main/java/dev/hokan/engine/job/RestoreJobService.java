package dev.hokan.engine.job;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobFilter;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.engine.Idempotency;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.continuous.ContinuousBackups;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.PointInTime;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.resource.RestoreMetadata;
import dev.hokan.engine.vault.RecoveryPointService;
import dev.hokan.engine.vault.SharedPoint;
import dev.hokan.engine.vault.SharedPoints;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

public final class RestoreJobService {
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final RecoveryPointService points;
    private final JobDispatcher dispatcher;
    private final ResourceContext resources;
    private final ContinuousBackups continuous;
    private final SharedPoints shared;

    /** {@code shared}: the points of other accounts' air-gapped vaults this account may restore. */
    public RestoreJobService(CellCatalog catalog, ServiceClock clock, RecoveryPointService points, JobDispatcher dispatcher,
                      ResourceContext resources, ContinuousBackups continuous, SharedPoints shared) {
        this.catalog = catalog;
        this.clock = clock;
        this.points = points;
        this.dispatcher = dispatcher;
        this.resources = resources;
        this.continuous = continuous;
        this.shared = shared;
    }

    public RestoreJob start(StartRestoreJobRequest request) {
        if (request.recoveryPointArn() == null) {
            throw ServiceException.missingParameter("RecoveryPointArn");
        }
        if (request.metadata() == null) {
            throw ServiceException.missingParameter("Metadata");
        }
        if (request.iamRoleArn() != null) {
            Names.iamRole("IamRoleArn", request.iamRoleArn());
        }
        Names.idempotencyToken(request.idempotencyToken());
        RestoreRate.asked(request.metadata());
        StartRestoreJobRequest r = new StartRestoreJobRequest(request.recoveryPointArn(),
                new TreeMap<>(request.metadata()), request.iamRoleArn(), request.idempotencyToken(),
                request.resourceType());
        // The target is looked at on disk before the catalog's writer lock is taken; the point is checked again
        // under it.
        // a point of another account's air-gapped vault is restored through this account's restore access vault
        Optional<SharedPoint> sharedPoint = shared.byArn(resources.account(), r.recoveryPointArn());
        RecoveryPoint asked = sharedPoint.isPresent() ? restorable(sharedPoint.get().point(), r)
                : catalog.read(tx -> restorable(tx, r));
        Map<String, String> forTheTarget = RestoreRate.others(r.metadata());
        continuous.checkRestore(asked, forTheTarget);
        ResourceKinds.of(asked.resourceType()).restoreTarget(forTheTarget, asked, resources);
        RestoreJob job = catalog.write(tx -> {
            RecoveryPoint point = sharedPoint.isPresent() ? asked : restorable(tx, r);
            String vaultName = sharedPoint.map(SharedPoint::accessVaultName).orElse(point.vaultName());
            Instant now = clock.now();
            String id = Idempotency.once(tx, "StartRestoreJob", r.idempotencyToken(), r, now, () -> {
                RestoreJob created = new RestoreJob(UUID.randomUUID().toString().toUpperCase(Locale.ROOT),
                        point.recoveryPointId(), vaultName, point.resourceArn(), point.resourceType(),
                        RestoreJobStatus.PENDING, null, now, null, 0.0, point.backupSizeInBytes(), r.iamRoleArn(),
                        null, r.metadata(), point.creationDate(), null);
                EventLog.insertJob(tx, now, created);
                return created.jobId();
            });
            return find(tx, id);
        });
        dispatcher.pump();
        return job;
    }

    /** The recovery point the request names, when it can be restored as asked. */
    private RecoveryPoint restorable(CellTx tx, StartRestoreJobRequest r) {
        return restorable(points.find(tx, r.recoveryPointArn()), r);
    }

    private static RecoveryPoint restorable(RecoveryPoint point, StartRestoreJobRequest r) {
        if (r.resourceType() != null && !r.resourceType().equals(point.resourceType().wireName())) {
            throw ServiceException.invalidParameter("ResourceType " + r.resourceType() + " does not match the"
                    + " recovery point, which is of type " + point.resourceType().wireName());
        }
        if (point.status() == RecoveryPointStatus.DELETING) {
            throw ServiceException.invalidRequest("Recovery point " + r.recoveryPointArn()
                    + " is being deleted and cannot be restored");
        }
        return point;
    }

    public RestoreJob describe(String jobId) {
        return catalog.read(tx -> find(tx, jobId));
    }

    private static RestoreJob find(CellTx tx, String jobId) {
        return tx.restoreJobs().find(jobId).orElseThrow(() -> ServiceException.notFound("Restore job " + jobId
                + " does not exist"));
    }

    public Page<RestoreJob> list(RestoreJobFilter filter, PageRequest page) {
        return catalog.read(tx -> tx.restoreJobs().list(filter, page));
    }

    /** Job counts of the last period; see {@link JobSummaries#of}. Restores have no message categories. */
    public List<BackupJobSummary> summaries(SummaryPeriod period, String state, String resourceType) {
        return JobSummaries.of(catalog, clock.now(), (tx, from, to) -> tx.restoreJobs().countByStateAndType(from, to),
                period, state, resourceType, null);
    }

    /**
     * The metadata keys a restore of this point accepts, with their defaults, as the point's kind offers them; for a
     * continuous point also its window, EarliestRestorableTime and LatestRestorableTime.
     */
    public RestoreMetadata restoreMetadata(String vaultName, String recoveryPointArn) {
        RecoveryPoint point = points.describe(vaultName, recoveryPointArn);
        Map<String, String> metadata = new LinkedHashMap<>(ResourceKinds.of(point.resourceType()).restoreMetadata(point));
        catalog.read(tx -> continuous.of(tx, point.recoveryPointId())).ifPresent(c -> {
            metadata.put(PointInTime.RESTORE_TIME, "");
            metadata.put(PointInTime.USE_LATEST, "false");
            if (c.earliestRestorable() != null) {
                metadata.put("EarliestRestorableTime", c.earliestRestorable().toString());
                metadata.put("LatestRestorableTime", c.latestRestorable().toString());
            }
        });
        return new RestoreMetadata(point.resourceType(), metadata);
    }
}
