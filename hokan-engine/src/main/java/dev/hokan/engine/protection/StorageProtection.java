package dev.hokan.engine.protection;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.vault.VaultStorage;
import dev.hokan.store.blob.ObjectLock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Vault locks and legal holds at the storage level, where a vault's storage has Object Lock (an S3 bucket with Object
 * Lock enabled): every object a recovery point needs carries COMPLIANCE retention until the point's retention ends
 * while its vault's lock is in compliance mode, and a legal hold while a hold holds the point. The storage then
 * refuses early deletion to anyone, the holder of its credentials included. Elsewhere the catalog's rules are all
 * there is.
 * <p>
 * One pass brings every point's objects to what the catalog says; passes run one at a time on a thread of their own,
 * at every engine tick and as soon as a backup, copy, move to cold storage, lifecycle change or hold asks. What a pass
 * did for a point is remembered, so the next pass asks the storage nothing for it unless its retention, its holds or
 * its data changed, or {@link #RENEW_AFTER} has passed (which renews the rolling retention of points kept forever).
 */
public final class StorageProtection implements AutoCloseable {
    /** Retention is set in whole steps of this length, so that daily backups sharing data extend it once a week. */
    static final Duration STEP = Duration.ofDays(7);
    /** A point kept forever (no DeleteAt) is retained this long ahead when its lock sets no limit in days. */
    static final Duration FOREVER_HORIZON = Duration.ofDays(365);
    static final Duration RENEW_AFTER = STEP;
    private static final Logger LOG = Logger.getLogger(StorageProtection.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final VaultStorage storage;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hokan-storage-protection").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();
    /** What the last pass applied to each point, by recovery point ID. */
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();

    /** What a point's objects carry: retention until (null: none), a legal hold, as of when. */
    private record Applied(StorageClass tier, String snapshotId, Instant retainUntil, boolean held, Set<String> objects,
                           Instant at) {
        boolean covers(Wanted wanted, Instant now) {
            return tier == wanted.point().storageClass() && snapshotId.equals(wanted.point().snapshotId())
                    && Objects.equals(retainUntil, wanted.retainUntil()) && held == wanted.held()
                    && at.plus(RENEW_AFTER).isAfter(now);
        }
    }

    private record Wanted(RecoveryPoint point, Instant retainUntil, boolean held) {
    }

    public StorageProtection(CellCatalog catalog, ServiceClock clock, VaultStorage storage) {
        this.catalog = catalog;
        this.clock = clock;
        this.storage = storage;
    }

    /**
     * The date until which a point's objects are retained under a compliance lock: when lifecycle expiry deletes it,
     * rounded up to a whole {@link #STEP}. A point without DeleteAt is kept until deleted by hand, which the lock
     * forbids, and S3 has no retention without an end: it is retained for the lock's longest limit in days
     * (MaxRetentionDays, else MinRetentionDays, else {@link #FOREVER_HORIZON}) from now, renewed by every pass.
     */
    static Instant retainUntil(RecoveryPoint point, VaultLock lock, Instant now) {
        Instant expires = point.expiresAt();
        if (expires == null) {
            long days = Stream.of(lock.maxRetentionDays(), lock.minRetentionDays()).filter(Objects::nonNull)
                    .findFirst().orElse(FOREVER_HORIZON.toDays());
            expires = now.plus(Duration.ofDays(days));
        }
        long step = STEP.toSeconds();
        return Instant.ofEpochSecond(Math.ceilDiv(expires.getEpochSecond() + (expires.getNano() > 0 ? 1 : 0), step)
                * step);
    }

    /** Whether the vault's storage protects objects itself, described for the vault lock's event and log. */
    public String storageLevel(String vaultName) {
        try {
            return storage.objectLock(StorageClass.WARM).isPresent() ? "S3 Object Lock (COMPLIANCE retention)"
                    : "none: the storage of vault " + vaultName + " (" + storage.describe(StorageClass.WARM)
                    + ") has no Object Lock, so the catalog alone enforces the lock";
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** Runs a pass soon; a pass already waiting to run covers this request too. */
    public void protectSoon() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.set(false);
                try {
                    protectAll();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Protecting recovery points at the storage level failed; retried at the"
                            + " next tick", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException stopping) {
            queued.set(false);
        }
    }

    /** One pass over the points whose data lies in a tier with Object Lock. */
    private void protectAll() throws IOException, InterruptedException {
        Set<StorageClass> tiers = new HashSet<>();
        for (StorageClass tier : StorageClass.values()) {
            if (storage.objectLock(tier).isPresent()) {
                tiers.add(tier);
            }
        }
        if (tiers.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        List<Wanted> wanted = catalog.read(tx -> {
            Map<String, VaultLock> locks = tx.vaultLocks().all().stream()
                    .filter(lock -> lock.isImmutableAt(now))
                    .collect(Collectors.toMap(VaultLock::vaultName, lock -> lock));
            return Stream.of(RecoveryPointStatus.COMPLETED, RecoveryPointStatus.PARTIAL)
                    .flatMap(status -> tx.recoveryPoints().inStatus(status).stream())
                    .filter(p -> tiers.contains(p.storageClass()))
                    .map(p -> new Wanted(p, Optional.ofNullable(locks.get(p.vaultName()))
                            .map(lock -> retainUntil(p, lock, now)).orElse(null),
                            tx.legalHolds().isHeld(p.recoveryPointId())))
                    .toList();
        });
        for (Wanted w : wanted) {
            Applied before = applied.get(w.point().recoveryPointId());
            if (before == null || !before.covers(w, now)) {
                applied.put(w.point().recoveryPointId(), protect(w, before, now));
            }
        }
        releaseHolds(wanted);
        Set<String> present = wanted.stream().map(w -> w.point().recoveryPointId()).collect(Collectors.toSet());
        applied.keySet().retainAll(present);
    }

    private Applied protect(Wanted w, Applied before, Instant now) throws IOException, InterruptedException {
        RecoveryPoint p = w.point();
        Set<String> objects = storage.withVault(p.storageClass(), p.vaultName(), vault -> vault.objectsOf(p.snapshotId()));
        ObjectLock lock = objectLock(p);
        for (String key : objects) {
            if (w.retainUntil() != null) {
                lock.retainUntil(key, w.retainUntil());
            }
            if (w.held()) {
                lock.legalHold(key, true);
            }
        }
        if (before != null && before.held() && !w.held()) {
            // released: the objects it held are taken off below, once no held point needs them
            return new Applied(p.storageClass(), p.snapshotId(), w.retainUntil(), true, before.objects(), now);
        }
        // a point met for the first time may carry holds an earlier run set: checked (and taken off) like a release
        return new Applied(p.storageClass(), p.snapshotId(), w.retainUntil(), w.held() || before == null, objects, now);
    }

    private ObjectLock objectLock(RecoveryPoint p) throws IOException, InterruptedException {
        return storage.withVault(p.storageClass(), p.vaultName(), vault -> vault.objectLock()).orElseThrow(() ->
                new IOException("the storage of vault " + p.vaultName() + " has no Object Lock"));
    }

    /**
     * Takes the legal hold off the objects of points no hold holds any more, except those a held point of the same
     * vault tier still needs.
     */
    private void releaseHolds(List<Wanted> wanted) throws IOException, InterruptedException {
        Set<String> held = new HashSet<>();
        Map<String, RecoveryPoint> released = new HashMap<>();
        for (Wanted w : wanted) {
            Applied a = applied.get(w.point().recoveryPointId());
            if (w.held()) {
                a.objects().forEach(key -> held.add(place(w.point()) + key));
            } else if (a != null && a.held()) {
                released.put(w.point().recoveryPointId(), w.point());
            }
        }
        for (RecoveryPoint p : released.values()) {
            Applied a = applied.get(p.recoveryPointId());
            ObjectLock lock = objectLock(p);
            for (String key : a.objects()) {
                if (!held.contains(place(p) + key)) {
                    lock.legalHold(key, false);
                }
            }
            applied.put(p.recoveryPointId(), new Applied(a.tier(), a.snapshotId(), a.retainUntil(), false,
                    a.objects(), a.at()));
        }
    }

    private static String place(RecoveryPoint p) {
        return p.storageClass() + "/" + p.vaultName() + "/";
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
