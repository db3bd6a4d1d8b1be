package dev.hokan.engine.continuous;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.ContinuousStatus;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.WorkClaim;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.job.BackupExecution;
import dev.hokan.engine.lifecycle.ExpiryWindow;
import dev.hokan.engine.resource.ContinuousProtection;
import dev.hokan.engine.resource.ContinuousStream;
import dev.hokan.engine.resource.PointInTime;
import dev.hokan.engine.resource.ResourceContext;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.schedule.Scheduler;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.engine.vault.WorkLeases;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.FinishSignal;
import dev.hokan.store.restore.RestoreResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The continuous backups of a cell. A backup job of a rule with EnableContinuousBackup, for a resource whose kind can
 * be protected continuously, makes the resource's one continuous recovery point in the rule's vault at its first run
 * (and starts the kind's stream) and takes a base backup into it at every run. Streams resume when the engine starts
 * and end, leaving the point STOPPED until it expires, once no continuous rule of an active plan selects the resource
 * for that vault any more. A continuous point restores to any moment of its window, which the catalog keeps.
 * <p>
 * Of the nodes sharing the catalog, one streams each point, and takes its base backups: the one holding its claim
 * ({@link WorkLeases}). Every tick resumes the streams of active points no node holds, so that when a node stops, another
 * takes its streams over once its leases have ended; a node ends the streams it runs of points no longer active.
 */
public final class ContinuousBackups implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ContinuousBackups.class.getName());

    private final CellCatalog catalog;
    private final CellContext cell;
    private final VaultStorage storage;
    private final ResourceContext resources;
    private final ExpiryWindow expiryWindow;
    private final WorkLeases leases;
    private final Map<String, ContinuousStream> running = new ConcurrentHashMap<>();

    public ContinuousBackups(CellContext cell, VaultStorage storage, ResourceContext resources, ExpiryWindow expiryWindow,
                             WorkLeases leases) {
        this.catalog = cell.catalog();
        this.cell = cell;
        this.storage = storage;
        this.resources = resources;
        this.expiryWindow = expiryWindow;
        this.leases = leases;
    }

    /** Whether the job belongs to a plan rule with EnableContinuousBackup. */
    public boolean requested(BackupJob job) {
        RecoveryPointCreator by = job.createdBy();
        return by != null && catalog.read(tx -> rule(tx, by)).map(r -> Boolean.TRUE.equals(r.enableContinuousBackup()))
                .orElse(false);
    }

    private static Optional<BackupRule> rule(CellTx tx, RecoveryPointCreator by) {
        return tx.plans().findVersion(by.backupPlanId(), by.backupPlanVersion())
                .flatMap(p -> p.document().rules().stream().filter(r -> r.ruleId().equals(by.backupRuleId())).findFirst());
    }

    /**
     * Takes the job's base backup into the resource's continuous point in the job's vault, making the point (and
     * starting its stream) at the first run; returns the point.
     */
    public RecoveryPoint backUp(BackupJob job, LocalResource resource, ProgressListener progress, FinishSignal finish)
            throws IOException, InterruptedException {
        ContinuousProtection protection = ResourceKinds.of(resource.type()).continuousProtection().orElseThrow();
        Instant started = cell.clock().now();
        ContinuousBackup backup = catalog.write(tx -> {
            Optional<ContinuousBackup> existing = tx.continuousBackups().of(resource.arn(), job.vaultName());
            if (existing.isEmpty()) {
                ContinuousBackup created = new ContinuousBackup(job.recoveryPointId(), job.vaultName(), resource.arn(),
                        ContinuousStatus.ACTIVE, null, null, "{}");
                tx.continuousBackups().insert(created);
                return created;
            }
            ContinuousBackup c = existing.get();
            if (c.status() == ContinuousStatus.STOPPED) {
                tx.continuousBackups().update(c.withStatus(ContinuousStatus.ACTIVE));
                tx.recoveryPoints().find(c.recoveryPointId()).ifPresent(p -> tx.recoveryPoints().update(
                        p.withStatus(RecoveryPointStatus.COMPLETED, null)));
            }
            return c;
        });
        ContinuousStream stream = streamHere(backup.recoveryPointId(), protection);
        BackupResult result = stream.baseBackup(progress, finish);
        Instant now = cell.clock().now();
        return catalog.write(tx -> {
            Optional<RecoveryPoint> existing = tx.recoveryPoints().find(backup.recoveryPointId());
            if (existing.isPresent()) {
                RecoveryPoint updated = existing.get().toBuilder().completionDate(now)
                        .backupSizeInBytes(result.stats().bytesScanned()).fileCount(result.stats().filesScanned())
                        .build();
                tx.recoveryPoints().update(updated);
                return updated;
            }
            RecoveryPoint point = BackupExecution.newPoint(job, result, stream.location(), started, now, expiryWindow)
                    .recoveryPointId(backup.recoveryPointId())
                    .status(RecoveryPointStatus.COMPLETED)
                    .build();
            BackupExecution.insert(tx, cell.account().recoveryPointArn(point.recoveryPointId()), point,
                    job.recoveryPointTags(), "Continuous recovery point");
            return point;
        });
    }

    /**
     * The point's stream on this node, started here unless another node streams it: a second stream would compete
     * for the resource's one slot, and the point's state.
     */
    private ContinuousStream streamHere(String recoveryPointId, ContinuousProtection protection) throws IOException {
        ContinuousStream stream = running.get(recoveryPointId);
        if (stream != null) {
            return stream;
        }
        Optional<String> streamer = catalog.write(tx -> leases.claim(tx, recoveryPointId, ClaimedWork.CONTINUOUS_STREAM)
                ? Optional.<String>empty()
                : tx.workClaims().find(recoveryPointId, ClaimedWork.CONTINUOUS_STREAM).map(WorkClaim::nodeId));
        if (streamer.isPresent()) {
            throw new IOException("Node " + streamer.get() + " streams this continuous recovery point and takes its base"
                    + " backups; a backup job of its rule run by another node fails");
        }
        return running.computeIfAbsent(recoveryPointId, id -> protection.start(point(id)));
    }

    /** Resumes the stream of every active continuous backup that no node streams (the engine starts, and every tick). */
    public void resume() {
        for (ContinuousBackup c : catalog.read(tx -> tx.continuousBackups().inStatus(ContinuousStatus.ACTIVE))) {
            if (running.containsKey(c.recoveryPointId())) {
                continue;
            }
            try {
                Optional<ContinuousProtection> protection = protectionOf(c);
                if (protection.isPresent() && catalog.write(tx -> leases.claim(tx, c.recoveryPointId(),
                        ClaimedWork.CONTINUOUS_STREAM))) {
                    running.computeIfAbsent(c.recoveryPointId(), id -> protection.get().start(point(id)));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Continuous backup " + c.recoveryPointId() + " could not resume", e);
            }
        }
    }

    /**
     * Ends the continuous backups no continuous rule of an active plan protects any more: their streams stop, what they
     * held at the resource is freed, and their points stay, STOPPED. Ends too the streams this node runs of points
     * another node stopped.
     */
    public void endUnprotected() {
        List<ContinuousBackup> ended = catalog.read(tx -> {
            Set<String> protectedPairs = protectedPairs(tx);
            return tx.continuousBackups().inStatus(ContinuousStatus.ACTIVE).stream()
                    .filter(c -> !protectedPairs.contains(c.resourceArn() + "\n" + c.vaultName()))
                    .toList();
        });
        for (ContinuousBackup c : ended) {
            // the node streaming the point ends it; one no node streams, the first node to claim it while still active
            String id = c.recoveryPointId();
            if (running.containsKey(id) || catalog.write(tx -> tx.continuousBackups().find(id)
                    .filter(still -> still.status() == ContinuousStatus.ACTIVE).isPresent()
                    && leases.claim(tx, id, ClaimedWork.CONTINUOUS_STREAM))) {
                stop(id, "No continuous backup rule protects " + c.resourceArn() + " in vault " + c.vaultName()
                        + " any more");
            }
        }
        // streams started after this look are of points already active when it is read next
        Set<String> streaming = Set.copyOf(running.keySet());
        Set<String> active = catalog.read(tx -> tx.continuousBackups().inStatus(ContinuousStatus.ACTIVE)).stream()
                .map(ContinuousBackup::recoveryPointId).collect(Collectors.toSet());
        for (String id : streaming) {
            if (!active.contains(id)) {
                endHere(id);
                leases.release(id, ClaimedWork.CONTINUOUS_STREAM);
            }
        }
    }

    /** Ends the point's stream if this node runs it. */
    private void endHere(String recoveryPointId) {
        ContinuousStream stream = running.remove(recoveryPointId);
        if (stream != null) {
            stream.end();
        }
    }

    /** The resource and vault pairs that continuous rules of active plans select, as "arn\nvault". */
    private static Set<String> protectedPairs(CellTx tx) {
        Set<String> pairs = new HashSet<>();
        for (BackupPlan plan : tx.plans().active()) {
            List<BackupRule> continuous = plan.document().rules().stream()
                    .filter(r -> Boolean.TRUE.equals(r.enableContinuousBackup())).toList();
            if (continuous.isEmpty()) {
                continue;
            }
            for (LocalResource r : Scheduler.selectedBy(tx, plan.planId())) {
                continuous.forEach(rule -> pairs.add(r.arn() + "\n" + rule.targetBackupVaultName()));
            }
        }
        return pairs;
    }

    /**
     * Stops the point's stream, frees what it held at the resource, and marks it STOPPED with {@code reason}. A stream
     * another node runs is ended there, at its next tick. The claim on the stream is given up once the point is
     * STOPPED, so that no other node finds it active and unclaimed meanwhile.
     */
    public void stop(String recoveryPointId, String reason) {
        boolean here = running.containsKey(recoveryPointId) || catalog.write(tx -> leases.claim(tx, recoveryPointId,
                ClaimedWork.CONTINUOUS_STREAM));
        if (here && !running.containsKey(recoveryPointId)) {
            catalog.read(tx -> tx.continuousBackups().find(recoveryPointId)).flatMap(this::protectionOf)
                    .ifPresent(p -> running.putIfAbsent(recoveryPointId, p.start(point(recoveryPointId))));
        }
        endHere(recoveryPointId);
        catalog.write(tx -> {
            if (here) {
                leases.release(tx, recoveryPointId, ClaimedWork.CONTINUOUS_STREAM);
            }
            tx.continuousBackups().find(recoveryPointId).ifPresent(c -> tx.continuousBackups().update(
                    c.withStatus(ContinuousStatus.STOPPED)));
            tx.recoveryPoints().find(recoveryPointId).filter(p -> p.status() != RecoveryPointStatus.DELETING)
                    .ifPresent(p -> tx.recoveryPoints().update(p.withStatus(RecoveryPointStatus.STOPPED, reason)));
            EventLog.record(tx, cell.clock().now(), EventType.CONTINUOUS_BACKUP_STOPPED,
                    cell.account().recoveryPointArn(recoveryPointId), reason, Map.of());
            return null;
        });
    }

    private Optional<ContinuousProtection> protectionOf(ContinuousBackup c) {
        return catalog.read(tx -> tx.recoveryPoints().find(c.recoveryPointId()).map(RecoveryPoint::resourceType)
                        .or(() -> tx.resources().find(c.resourceArn()).map(LocalResource::type)))
                .flatMap(type -> ResourceKinds.of(type).continuousProtection());
    }

    /** The continuous backup of the point, when it is a continuous point. */
    public Optional<ContinuousBackup> of(CellTx tx, String recoveryPointId) {
        return tx.continuousBackups().find(recoveryPointId);
    }

    /**
     * Checks a restore of {@code point} as StartRestoreJob accepts it: a continuous point restores to a moment of its
     * window (RestoreTime or UseLatestRestorableTime, the latest when neither is given), a snapshot point takes
     * neither.
     */
    public void checkRestore(RecoveryPoint point, Map<String, String> metadata) {
        checkMoment(point, metadata).ifPresent(c -> protectionOf(c).orElseThrow()
                .checkRestore(point(c.recoveryPointId()), moment(metadata), metadata));
    }

    /**
     * The point's continuous backup once the moment the metadata asks for lies in its window; empty for a snapshot
     * point, which takes no moment.
     */
    private Optional<ContinuousBackup> checkMoment(RecoveryPoint point, Map<String, String> metadata) {
        Optional<ContinuousBackup> continuous = catalog.read(tx -> of(tx, point.recoveryPointId()));
        if (continuous.isEmpty()) {
            if (PointInTime.of(metadata).isPresent() || metadata.keySet().stream().anyMatch(PointInTime::named)) {
                throw ServiceException.invalidParameter("RestoreTime and UseLatestRestorableTime apply to continuous"
                        + " recovery points only; this recovery point is a snapshot");
            }
            return continuous;
        }
        ContinuousBackup c = continuous.get();
        PointInTime moment = moment(metadata);
        if (c.earliestRestorable() == null) {
            throw ServiceException.invalidRequest("The continuous recovery point has no restorable time yet: its first"
                    + " base backup and the WAL after it are still being sealed");
        }
        if (!moment.latest() && !c.restorable(moment.time())) {
            throw ServiceException.invalidParameter("RestoreTime " + moment.time() + " is outside the restorable window"
                    + " of the continuous recovery point, from " + c.earliestRestorable() + " to "
                    + c.latestRestorable());
        }
        return continuous;
    }

    /** The moment the metadata asks for: the latest when it names none. */
    private static PointInTime moment(Map<String, String> metadata) {
        return PointInTime.of(metadata).orElse(new PointInTime(null));
    }

    /**
     * The moment a restore of the point with that metadata restores to, in real time as the window is kept: its
     * RestoreTime, otherwise the latest restorable time now; empty for a snapshot point or one not restorable yet.
     */
    public Optional<Instant> restoresTo(RecoveryPoint point, Map<String, String> metadata) {
        return catalog.read(tx -> of(tx, point.recoveryPointId())).map(c -> PointInTime.of(metadata)
                .filter(at -> !at.latest()).map(PointInTime::time).orElse(c.latestRestorable()));
    }

    /**
     * Restores a continuous point to the moment its metadata asks for, into the target the metadata names or a
     * restore test's {@code scratchTarget}; empty for a snapshot point.
     */
    public Optional<RestoreResult> restore(RecoveryPoint point, Map<String, String> metadata,
                                           Optional<Path> scratchTarget, ProgressListener progress)
            throws IOException, InterruptedException {
        if (catalog.read(tx -> of(tx, point.recoveryPointId())).isEmpty()) {
            return Optional.empty();
        }
        ContinuousBackup continuous = checkMoment(point, metadata).orElseThrow();
        return Optional.of(protectionOf(continuous).orElseThrow().restore(point(point.recoveryPointId()),
                moment(metadata), metadata, scratchTarget, progress));
    }

    /**
     * Empties the target (the metadata's, or a restore test's {@code scratchTarget}) into which an earlier run of a
     * restore of {@code point} to a moment began to write; false, touching nothing, for a snapshot point, whose
     * restores resume instead.
     */
    public boolean clearRestoreTarget(RecoveryPoint point, Map<String, String> metadata, Optional<Path> scratchTarget)
            throws IOException {
        Optional<ContinuousBackup> continuous = catalog.read(tx -> of(tx, point.recoveryPointId()));
        if (continuous.isEmpty()) {
            return false;
        }
        protectionOf(continuous.get()).orElseThrow().clearRestoreTarget(point(point.recoveryPointId()), metadata,
                scratchTarget);
        return true;
    }

    /** Every snapshot a continuous point holds, beside its recovery point's own; nothing for a snapshot point. */
    public List<String> snapshots(CellTx tx, String recoveryPointId) {
        List<String> ids = new ArrayList<>();
        tx.continuousBackups().find(recoveryPointId).ifPresent(c -> protectionOf(c)
                .ifPresent(p -> ids.addAll(p.snapshots(c.streamState()))));
        return ids;
    }

    private StoredContinuousPoint point(String recoveryPointId) {
        return new StoredContinuousPoint(recoveryPointId, cell, storage, resources);
    }

    /**
     * Stops every stream, keeping what the resources hold for them (the engine stops), and gives their claims up, so
     * that another node may take them over at once.
     */
    @Override
    public void close() {
        for (String id : Set.copyOf(running.keySet())) {
            running.remove(id).close();
            try {
                leases.release(id, ClaimedWork.CONTINUOUS_STREAM);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Giving up the stream of continuous backup " + id + " failed; another node"
                        + " takes it over once its lease has ended", e);
            }
        }
    }
}
