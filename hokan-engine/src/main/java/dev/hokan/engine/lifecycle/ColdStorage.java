package dev.hokan.engine.lifecycle;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.WorkClaim;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.ReleasedSnapshot;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.vault.WorkLeases;
import dev.hokan.engine.vault.RecoveryPointService;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.copy.CopyResult;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Moves recovery points into their vault's cold tier once their MoveToColdStorageAt has passed, on a worker of its
 * own. A move is claimed for this node first ({@link WorkLeases}), so that nodes sharing the catalog never copy one
 * point at once nor take another's copy under way for one left behind. It copies the point's snapshot into the cold tier, transferring only what the tier lacks; then one catalog
 * transaction records the point as COLD with its new snapshot and releases the warm snapshot; last, released
 * snapshots are deleted and their tier's garbage collected, which keeps the data other points still use. A stop at
 * any step loses nothing: until that transaction the point is warm and whole, after it cold and whole. What a stop
 * leaves behind is cleaned up at the next start, and before the next move into the vault: recorded releases are
 * carried out, and copies the catalog never recorded are released.
 */
public final class ColdStorage implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ColdStorage.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final VaultStorage storage;
    private final RecoveryPointService points;
    private final WorkLeases leases;
    private final ExecutorService mover = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hokan-cold-mover").daemon().factory());
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unfinished = new AtomicInteger();

    /** Work of the mover. */
    private interface MoverWork {
        void run() throws IOException, InterruptedException;
    }

    /** One tier of one vault. */
    private record VaultTier(String vault, StorageClass tier) {
    }

    /** What identifies a snapshot's copies in another tier: copying keeps the resource and the backup time. */
    private record Source(String resource, Instant time) {
        static Source of(SnapshotInfo snapshot) {
            return new Source(snapshot.resource(), snapshot.time());
        }
    }

    public ColdStorage(CellCatalog catalog, ServiceClock clock, VaultStorage storage, RecoveryPointService points,
                       WorkLeases leases) {
        this.catalog = catalog;
        this.clock = clock;
        this.storage = storage;
        this.points = points;
        this.leases = leases;
    }

    /** Whether every move and release handed to the mover so far has finished. */
    public boolean idle() {
        return unfinished.get() == 0;
    }

    /**
     * Hands the moves due at the clock's current time to the mover; a point being restored or copied moves at a later
     * tick.
     */
    public void moveDue() {
        Instant now = clock.now();
        List<RecoveryPoint> due = catalog.read(tx -> tx.recoveryPoints().dueForColdStorage(now).stream()
                .filter(p -> !RecoveryPointService.inUse(tx, p.recoveryPointId()))
                .filter(p -> queued.add(p.recoveryPointId()))
                .toList());
        if (!due.isEmpty()) {
            submit("Moving recovery points to cold storage", () -> move(due));
        }
    }

    /** Cleans up what a stop left behind: copies into cold tiers that were never recorded, and recorded releases. */
    public void resume() {
        submit("Cleaning up interrupted moves to cold storage", () -> {
            for (String vault : storage.names(StorageClass.COLD)) {
                releaseUnrecordedCopies(vault);
            }
            releaseRecorded();
        });
    }

    private void move(List<RecoveryPoint> due) throws IOException, InterruptedException {
        try {
            for (String vault : due.stream().map(RecoveryPoint::vaultName).distinct().toList()) {
                if (storage.exists(StorageClass.COLD, vault)) {
                    releaseUnrecordedCopies(vault);
                }
            }
            for (RecoveryPoint p : due) {
                try {
                    move(p.recoveryPointId());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Moving recovery point " + p.recoveryPointId() + " to cold storage failed;"
                            + " retried at the next tick", e);
                }
            }
            releaseRecorded();
        } finally {
            due.forEach(p -> queued.remove(p.recoveryPointId()));
        }
    }

    private void move(String pointId) throws IOException, InterruptedException {
        Optional<RecoveryPoint> due = catalog.write(tx -> movable(tx, pointId)
                .filter(p -> leases.claim(tx, pointId, ClaimedWork.MOVE_TO_COLD)));
        if (due.isEmpty()) {
            return;
        }
        try {
            RecoveryPoint warm = due.get();
            CopyResult copy = copyToCold(warm);
            catalog.write(tx -> {
                Optional<RecoveryPoint> still = movable(tx, pointId)
                        .filter(p -> p.snapshotId().equals(warm.snapshotId()))
                        .filter(p -> leases.holds(tx, pointId, ClaimedWork.MOVE_TO_COLD));
                if (still.isEmpty()) {
                    // deleted, restored, given another lifecycle or taken over by another node while being copied
                    tx.releasedSnapshots().insert(new ReleasedSnapshot(warm.vaultName(), StorageClass.COLD,
                            copy.targetSnapshotId()));
                    return null;
                }
                RecoveryPoint cold = still.get().storedIn(StorageClass.COLD, copy.targetSnapshotId());
                tx.recoveryPoints().update(cold);
                tx.releasedSnapshots().insert(new ReleasedSnapshot(warm.vaultName(), StorageClass.WARM,
                        warm.snapshotId()));
                points.recordChange(tx, EventType.RECOVERY_POINT_MOVED_TO_COLD, cold);
                return null;
            });
        } finally {
            leases.release(pointId, ClaimedWork.MOVE_TO_COLD);
        }
    }

    /**
     * Copies the point's snapshot into its vault's cold tier, which one node only creates: another node creating it at
     * the same time would replace it, losing what the first copied.
     */
    private CopyResult copyToCold(RecoveryPoint warm) throws IOException, InterruptedException {
        String vault = warm.vaultName();
        if (storage.exists(StorageClass.COLD, vault)) {
            return storage.copyToCold(vault, warm.snapshotId());
        }
        if (!catalog.write(tx -> leases.claim(tx, vault, ClaimedWork.COLD_TIER_CREATION))) {
            throw new IOException("Another node is creating the cold tier of vault " + vault);
        }
        try {
            return storage.copyToCold(vault, warm.snapshotId());
        } finally {
            leases.release(vault, ClaimedWork.COLD_TIER_CREATION);
        }
    }

    /** The point if it is to move now: restores and copies read the warm snapshot that a move deletes. */
    private Optional<RecoveryPoint> movable(CellTx tx, String pointId) {
        return tx.recoveryPoints().dueForColdStorage(pointId, clock.now())
                .filter(p -> !RecoveryPointService.inUse(tx, pointId));
    }

    /**
     * Records as released the snapshots in the vault's cold tier that no point refers to and whose original in the
     * warm tier a warm point still uses: copies a stop or a failure left unrecorded. A cold snapshot whose original
     * is gone is kept whatever the catalog says, since it may then hold the only copy of a point's data (a catalog
     * restored from an older copy does not know the point moved). So is the copy of a point another node is moving:
     * the vaults are listed before the catalog is read, so a copy listed was begun under a claim the catalog shows.
     */
    private void releaseUnrecordedCopies(String vault) throws IOException, InterruptedException {
        List<SnapshotInfo> warmSnapshots = storage.withVault(StorageClass.WARM, vault, v -> v.snapshots());
        List<SnapshotInfo> coldSnapshots = storage.withVault(StorageClass.COLD, vault, v -> v.snapshots());
        catalog.write(tx -> {
            Set<String> recorded = snapshotIds(tx, vault, StorageClass.COLD, Set.of());
            Set<String> beingMoved = tx.workClaims().of(ClaimedWork.MOVE_TO_COLD).stream()
                    .map(WorkClaim::subject).collect(Collectors.toSet());
            Set<String> warmInUse = snapshotIds(tx, vault, StorageClass.WARM, beingMoved);
            Set<Source> originals = warmSnapshots.stream()
                    .filter(s -> warmInUse.contains(s.id()))
                    .map(Source::of)
                    .collect(Collectors.toSet());
            coldSnapshots.stream()
                    .filter(s -> !recorded.contains(s.id()) && originals.contains(Source.of(s)))
                    .map(s -> new ReleasedSnapshot(vault, StorageClass.COLD, s.id()))
                    .forEach(tx.releasedSnapshots()::insert);
            return null;
        });
    }

    /** The snapshots of the vault tier's points, but those of the points {@code except}. */
    private static Set<String> snapshotIds(CellTx tx, String vault, StorageClass tier, Set<String> except) {
        return tx.recoveryPoints().inTier(vault, tier).stream()
                .filter(p -> !except.contains(p.recoveryPointId()))
                .map(RecoveryPoint::snapshotId)
                .collect(Collectors.toSet());
    }

    /** Deletes the recorded released snapshots and frees their data, one garbage collection per vault tier. */
    private void releaseRecorded() {
        Map<VaultTier, List<ReleasedSnapshot>> byTier = catalog.read(tx -> tx.releasedSnapshots().all()).stream()
                .collect(Collectors.groupingBy(s -> new VaultTier(s.vaultName(), s.storageClass()), LinkedHashMap::new,
                        Collectors.toList()));
        byTier.forEach((where, released) -> {
            try {
                // a vault deleted since has taken its snapshots with it
                if (storage.exists(where.tier(), where.vault())) {
                    storage.release(where.tier(), where.vault(),
                            released.stream().map(ReleasedSnapshot::snapshotId).toList());
                }
                catalog.write(tx -> {
                    released.forEach(tx.releasedSnapshots()::delete);
                    return null;
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Deleting released snapshots from the " + where.tier() + " tier of vault "
                        + where.vault() + " failed; retried at the next move or start", e);
            }
        });
    }

    private void submit(String what, MoverWork work) {
        unfinished.incrementAndGet();
        mover.execute(() -> {
            try {
                work.run();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, what + " failed; retried at the next tick or start", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                unfinished.decrementAndGet();
            }
        });
    }

    /** Stops moving: a copy under way is abandoned, to be made again after the next start. */
    @Override
    public void close() {
        mover.shutdownNow();
        try {
            if (!mover.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("The cold storage mover did not stop within 30 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
