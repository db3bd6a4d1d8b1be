package dev.hokan.engine.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.ContinuousStatus;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointFilter;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.continuous.ContinuousBackups;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.lifecycle.LifecycleRules;
import dev.hokan.engine.protection.LegalHoldService;
import dev.hokan.engine.protection.StorageProtection;
import dev.hokan.engine.protection.VaultLockRules;
import dev.hokan.store.gc.GcReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Recovery points and their lifecycle. Deleting a point marks it DELETING at once and claims its deletion for this
 * node ({@link WorkLeases}); a background worker then drops the snapshot, removes the point and lets the vault's
 * garbage collection free the data.
 */
public final class RecoveryPointService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecoveryPointService.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final VaultStorage storage;
    private final StorageProtection storageProtection;
    private final ContinuousBackups continuous;
    private final WorkLeases leases;
    private final ExecutorService deleter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hokan-deleter").daemon().factory());

    public RecoveryPointService(CellContext cell, VaultStorage storage, StorageProtection storageProtection,
                                ContinuousBackups continuous, WorkLeases leases) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.storage = storage;
        this.storageProtection = storageProtection;
        this.continuous = continuous;
        this.leases = leases;
    }

    public RecoveryPoint describe(String vaultName, String recoveryPointArn) {
        Names.vault(vaultName);
        return catalog.read(tx -> inVault(tx, vaultName, recoveryPointArn));
    }

    /**
     * DisassociateRecoveryPoint ends a continuous backup: the point stays, STOPPED, until it expires. A snapshot
     * point cannot be disassociated, in AWS either.
     */
    public void disassociate(String vaultName, String recoveryPointArn) {
        RecoveryPoint p = describe(vaultName, recoveryPointArn);
        if (catalog.read(tx -> continuous.of(tx, p.recoveryPointId())).isEmpty()) {
            throw ServiceException.invalidRequest("Recovery point " + recoveryPointArn + " is a snapshot backup;"
                    + " only continuous backups can be disassociated. Delete it with DeleteRecoveryPoint instead");
        }
        continuous.stop(p.recoveryPointId(), "Disassociated: its continuous backup ended");
    }

    /** DisassociateRecoveryPointFromParent applies to the members of composite points, which Hokan does not make. */
    public void disassociateFromParent(String vaultName, String recoveryPointArn) {
        describe(vaultName, recoveryPointArn);
        throw ServiceException.invalidRequest("Recovery point " + recoveryPointArn + " has no parent: it is not"
                + " part of a composite recovery point");
    }

    public Page<RecoveryPoint> byVault(String vaultName, RecoveryPointFilter filter, PageRequest page) {
        Names.vault(vaultName);
        return catalog.read(tx -> {
            VaultService.find(tx, vaultName);
            return tx.recoveryPoints().byVault(vaultName, filter, page);
        });
    }

    public Page<RecoveryPoint> byResource(String resourceArn, PageRequest page) {
        if (Arn.parse(resourceArn).isEmpty()) {
            throw ServiceException.invalidParameter("ResourceArn " + resourceArn + " is not an ARN");
        }
        return catalog.read(tx -> tx.recoveryPoints().byResource(resourceArn, page));
    }

    public void delete(String vaultName, String recoveryPointArn) {
        Names.vault(vaultName);
        RecoveryPoint marked = catalog.write(tx -> {
            RecoveryPoint p = inVault(tx, vaultName, recoveryPointArn);
            if (p.status() == RecoveryPointStatus.DELETING) {
                throw ServiceException.invalidState("Recovery point " + recoveryPointArn + " is already being deleted");
            }
            VaultLockRules.checkManualDeletion(tx.vaultLocks().find(vaultName));
            LegalHoldService.checkNotHeld(tx, p, recoveryPointArn);
            if (tx.restoreJobs().countUnfinished(p.recoveryPointId()) > 0) {
                throw ServiceException.invalidState("Recovery point " + recoveryPointArn
                        + " is being restored; delete it once the restore has finished");
            }
            if (tx.copyJobs().countUnfinishedFrom(p.recoveryPointId()) > 0) {
                throw ServiceException.invalidState("Recovery point " + recoveryPointArn
                        + " is being copied; delete it once the copy has finished");
            }
            RecoveryPoint deleting = p.withStatus(RecoveryPointStatus.DELETING, "Deletion requested");
            tx.recoveryPoints().update(deleting);
            leases.claim(tx, p.recoveryPointId(), ClaimedWork.DELETION);
            recordChange(tx, EventType.RECOVERY_POINT_DELETING, deleting);
            return deleting;
        });
        deleter.execute(() -> deleteData(marked));
    }

    /**
     * Replaces the point's lifecycle (-1 in both day counts removes it), as far as cold storage, a vault lock and
     * legal holds allow.
     */
    public RecoveryPoint updateLifecycle(String vaultName, String recoveryPointArn, Lifecycle lifecycle) {
        Names.vault(vaultName);
        Lifecycle checked = LifecycleRules.checkUpdate(lifecycle);
        RecoveryPoint changed = catalog.write(tx -> {
            RecoveryPoint p = inVault(tx, vaultName, recoveryPointArn);
            if (p.status() == RecoveryPointStatus.DELETING) {
                throw ServiceException.invalidState("Recovery point " + recoveryPointArn + " is being deleted");
            }
            if (continuous.of(tx, p.recoveryPointId()).isPresent()) {
                throw ServiceException.invalidRequest("Recovery point " + recoveryPointArn + " is a continuous"
                        + " backup, whose retention its backup rule sets; change the rule's lifecycle instead");
            }
            LifecycleRules.checkColdDay(p, recoveryPointArn, checked);
            tx.vaultLocks().find(vaultName)
                    .ifPresent(lock -> VaultLockRules.checkLifecycleUpdate(lock, p.lifecycle(), checked));
            LegalHoldService.checkLifecycleUpdate(tx, p, recoveryPointArn, checked);
            RecoveryPoint updated = p.withLifecycle(checked);
            tx.recoveryPoints().update(updated);
            return updated;
        });
        storageProtection.protectSoon();
        return changed;
    }

    /**
     * Starts deleting every point whose retention has run out by the clock's current time; a point being restored
     * or copied is deleted at a later tick, once its restores and copies have finished.
     */
    public void expire() {
        Instant now = clock.now();
        List<RecoveryPoint> due = catalog.write(tx -> {
            List<RecoveryPoint> points = tx.recoveryPoints().dueForDeletion(now).stream()
                    .filter(p -> !inUse(tx, p.recoveryPointId()))
                    .filter(p -> continuous.of(tx, p.recoveryPointId()).map(c -> expired(p, c, now)).orElse(true))
                    .map(p -> p.withStatus(RecoveryPointStatus.DELETING, "Retention ended at "
                            + p.calculatedLifecycle().deleteAt()))
                    .toList();
            for (RecoveryPoint p : points) {
                tx.recoveryPoints().update(p);
                leases.claim(tx, p.recoveryPointId(), ClaimedWork.DELETION);
                recordChange(tx, EventType.RECOVERY_POINT_EXPIRED, p);
            }
            return points;
        });
        due.forEach(p -> deleter.execute(() -> deleteData(p)));
    }

    /**
     * A continuous point expires only once it is STOPPED and its retention has run out counted from the latest time
     * it restores to; until then its expiry frees only what falls out of its window (its kind prunes it).
     */
    private static boolean expired(RecoveryPoint p, ContinuousBackup c, Instant now) {
        Long days = p.lifecycle() == null ? null : p.lifecycle().deleteAfterDays();
        Instant last = c.latestRestorable() == null ? p.completionDate() : c.latestRestorable();
        return c.status() == ContinuousStatus.STOPPED && days != null && !now.isBefore(last.plus(Duration.ofDays(days)));
    }

    /** Finishes deletions that a stop of the server interrupted, but those another node is carrying out. */
    public void resumeDeletions() {
        catalog.write(tx -> tx.recoveryPoints().inStatus(RecoveryPointStatus.DELETING).stream()
                        .filter(p -> leases.claim(tx, p.recoveryPointId(), ClaimedWork.DELETION)).toList())
                .forEach(p -> deleter.execute(() -> deleteData(p)));
    }

    private void deleteData(RecoveryPoint p) {
        try {
            // deleting a continuous point ends its continuous backup, as in AWS
            boolean isContinuous = catalog.read(tx -> continuous.of(tx, p.recoveryPointId())).isPresent();
            if (isContinuous) {
                continuous.stop(p.recoveryPointId(), "The continuous recovery point is being deleted");
            }
            List<String> snapshots = new ArrayList<>(List.of(p.snapshotId()));
            snapshots.addAll(catalog.read(tx -> continuous.snapshots(tx, p.recoveryPointId())));
            GcReport freed = storage.release(p.storageClass(), p.vaultName(), snapshots);
            RecoveryPoint deleted = freed.waitingFor().map(waiting -> p.withStatus(p.status(), p.statusMessage()
                    + "; " + waiting)).orElse(p);
            // the point stays (DELETING) until its data is freed, so its vault cannot be deleted under the collector
            catalog.write(tx -> {
                if (!leases.holds(tx, p.recoveryPointId(), ClaimedWork.DELETION)) {
                    // this node's lease ended: another node may have taken the deletion over and recorded it
                    return null;
                }
                leases.release(tx, p.recoveryPointId(), ClaimedWork.DELETION);
                tx.continuousBackups().delete(p.recoveryPointId());
                tx.recoveryPoints().delete(p);
                tx.tags().removeAll(account.recoveryPointArn(p.recoveryPointId()));
                recordChange(tx, EventType.RECOVERY_POINT_DELETED, deleted);
                return null;
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Deleting recovery point " + p.recoveryPointId() + " failed; retried at next start",
                    e);
        }
    }

    /** Whether restores or copies that have not finished yet are to read the point's data where it is now. */
    public static boolean inUse(CellTx tx, String recoveryPointId) {
        return tx.restoreJobs().countUnfinished(recoveryPointId) > 0
                || tx.copyJobs().countUnfinishedFrom(recoveryPointId) > 0;
    }

    /** Records a change of the point as an event. */
    public void recordChange(CellTx tx, EventType type, RecoveryPoint p) {
        EventLog.record(tx, clock.now(), type, account.recoveryPointArn(p.recoveryPointId()), p.statusMessage(),
                Map.of("BackupVaultName", p.vaultName(), "ResourceArn", p.resourceArn(),
                        "ResourceType", p.resourceType().wireName(), "Status", p.status().name(),
                        "StorageClass", p.storageClass().name(),
                        "CreationDate", p.creationDate().toString(),
                        "BackupSizeInBytes", Long.toString(p.backupSizeInBytes())));
    }

    public RecoveryPoint find(CellTx tx, String recoveryPointArn) {
        String id = pointId(recoveryPointArn);
        return tx.recoveryPoints().find(id).orElseThrow(() -> ServiceException.notFound("Recovery point "
                + recoveryPointArn + " does not exist"));
    }

    public RecoveryPoint inVault(CellTx tx, String vaultName, String recoveryPointArn) {
        VaultService.find(tx, vaultName);
        RecoveryPoint p = find(tx, recoveryPointArn);
        if (!p.vaultName().equals(vaultName)) {
            throw ServiceException.notFound("Recovery point " + recoveryPointArn + " is not in backup vault "
                    + vaultName);
        }
        return p;
    }

    private String pointId(String recoveryPointArn) {
        if (recoveryPointArn == null) {
            throw ServiceException.missingParameter("RecoveryPointArn");
        }
        Arn arn = Arn.parse(recoveryPointArn).orElseThrow(() -> ServiceException.invalidParameter(
                "RecoveryPointArn " + recoveryPointArn + " is not an ARN"));
        String id = arn.resourceId("recovery-point").orElseThrow(() -> ServiceException.invalidParameter(
                "RecoveryPointArn " + recoveryPointArn + " is not a recovery point ARN"));
        if (!recoveryPointArn.equals(account.recoveryPointArn(id))) {
            throw ServiceException.notFound("Recovery point " + recoveryPointArn + " does not exist in account "
                    + account.accountId() + ", region " + account.region());
        }
        return id;
    }

    @Override
    public void close() {
        deleter.shutdown();
        try {
            if (!deleter.awaitTermination(30, TimeUnit.SECONDS)) {
                deleter.shutdownNow();
            }
        } catch (InterruptedException e) {
            deleter.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
