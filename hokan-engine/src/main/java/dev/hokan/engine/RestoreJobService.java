package dev.hokan.engine;

import dev.hokan.catalog.Catalog;
import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.RecoveryPoint;
import dev.hokan.catalog.RecoveryPointStatus;
import dev.hokan.catalog.RestoreJob;
import dev.hokan.catalog.RestoreJobFilter;
import dev.hokan.catalog.RestoreJobStatus;
import dev.hokan.catalog.Tx;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.resource.RestoreMetadata;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;

public final class RestoreJobService {
    private final Catalog catalog;
    private final ServiceClock clock;
    private final RecoveryPointService points;
    private final JobDispatcher dispatcher;
    private final ResourceContext resources;

    RestoreJobService(Catalog catalog, ServiceClock clock, RecoveryPointService points, JobDispatcher dispatcher,
                      ResourceContext resources) {
        this.catalog = catalog;
        this.clock = clock;
        this.points = points;
        this.dispatcher = dispatcher;
        this.resources = resources;
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
        StartRestoreJobRequest r = new StartRestoreJobRequest(request.recoveryPointArn(),
                new TreeMap<>(request.metadata()), request.iamRoleArn(), request.idempotencyToken(),
                request.resourceType());
        // The target is looked at on disk before the catalog's writer lock is taken; the point is checked again
        // under it.
        RecoveryPoint asked = catalog.read(tx -> restorable(tx, r));
        ResourceKinds.of(asked.resourceType()).restoreTarget(r.metadata(), asked, resources);
        RestoreJob job = catalog.write(tx -> {
            RecoveryPoint point = restorable(tx, r);
            Instant now = clock.now();
            String id = Idempotency.once(tx, "StartRestoreJob", r.idempotencyToken(), r, now, () -> {
                RestoreJob created = new RestoreJob(UUID.randomUUID().toString().toUpperCase(Locale.ROOT),
                        point.recoveryPointId(), point.vaultName(), point.resourceArn(), point.resourceType(),
                        RestoreJobStatus.PENDING, null, now, null, 0.0, point.backupSizeInBytes(), r.iamRoleArn(),
                        null, r.metadata(), point.creationDate());
                EventLog.insertJob(tx, now, created);
                return created.jobId();
            });
            return find(tx, id);
        });
        dispatcher.pump();
        return job;
    }

    /** The recovery point the request names, when it can be restored as asked. */
    private RecoveryPoint restorable(Tx tx, StartRestoreJobRequest r) {
        RecoveryPoint point = points.find(tx, r.recoveryPointArn());
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

    private static RestoreJob find(Tx tx, String jobId) {
        return tx.restoreJobs().find(jobId).orElseThrow(() -> ServiceException.notFound("Restore job " + jobId
                + " does not exist"));
    }

    public Page<RestoreJob> list(RestoreJobFilter filter, PageRequest page) {
        return catalog.read(tx -> tx.restoreJobs().list(filter, page));
    }

    /** The metadata keys a restore of this point accepts, with their defaults, as the point's kind offers them. */
    public RestoreMetadata restoreMetadata(String vaultName, String recoveryPointArn) {
        RecoveryPoint point = points.describe(vaultName, recoveryPointArn);
        return new RestoreMetadata(point.resourceType(), ResourceKinds.of(point.resourceType()).restoreMetadata(point));
    }
}
