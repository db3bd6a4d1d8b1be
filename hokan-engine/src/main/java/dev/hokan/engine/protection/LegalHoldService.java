package dev.hokan.engine.protection;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.protection.LegalHold;
import dev.hokan.catalog.cell.protection.LegalHoldSelection;
import dev.hokan.catalog.cell.protection.LegalHoldStatus;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Account;
import dev.hokan.engine.Actor;
import dev.hokan.engine.Arn;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Idempotency;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.lifecycle.LifecycleRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Legal holds. A hold takes in the recovery points its selection matches when it is created, and from then until
 * it is CANCELED they can be deleted neither by hand nor by lifecycle, and their retention clock stands still: on
 * release of their last hold it runs on from where it stopped. The points are held from the create call on; the
 * status moves CREATING -> ACTIVE and CANCELING -> CANCELED a little after the call, as AWS's statuses follow it:
 * {@link #SETTLE_AFTER} of wall time later, or at the first engine tick once the service clock has passed the call
 * if that comes first. Wall time, because settling does not depend on time: a manual clock that stands still must
 * not keep a hold CREATING for ever.
 */
public final class LegalHoldService {
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 1024;

    static final Duration SETTLE_AFTER = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LegalHoldService.class.getName());

    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final int maxActive;
    private final ScheduledExecutorService settler;
    private final StorageProtection storageProtection;

    /**
     * @param settler runs each hold's settling {@link #SETTLE_AFTER} after its create or cancel call
     * @param storageProtection puts and takes off the holds at the storage level
     */
    public LegalHoldService(CellContext cell, int maxActive, ScheduledExecutorService settler,
                            StorageProtection storageProtection) {
        this.catalog = cell.catalog();
        this.clock = cell.clock();
        this.account = cell.account();
        this.maxActive = maxActive;
        this.settler = settler;
        this.storageProtection = storageProtection;
    }

    /** Creates the hold on the points that match now; the same IdempotencyToken again returns the first hold. */
    public LegalHold create(CreateLegalHoldRequest request) {
        CreateLegalHoldRequest r = checked(request);
        LegalHold created = catalog.write(tx -> {
            Instant now = clock.now();
            String id = Idempotency.once(tx, "CreateLegalHold", r.idempotencyToken(), r, now, () -> {
                if (tx.legalHolds().countHolding() >= maxActive) {
                    throw ServiceException.limitExceeded("This account already has " + maxActive + " legal holds that"
                            + " are not cancelled, the most it may have; cancel one before creating another");
                }
                LegalHold hold = new LegalHold(UUID.randomUUID().toString(), r.title(), r.description(),
                        LegalHoldStatus.CREATING, now, r.selection(), null, null, null);
                tx.legalHolds().insert(hold);
                String arn = account.legalHoldArn(hold.legalHoldId());
                tx.tags().put(arn, r.tags());
                List<RecoveryPoint> points = tx.recoveryPoints()
                        .holdable(r.selection().fromDate(), r.selection().createdBefore()).stream()
                        .filter(r.selection()::matches)
                        .toList();
                for (RecoveryPoint p : points) {
                    tx.legalHolds().addPoint(hold.legalHoldId(), p.recoveryPointId());
                    tx.recoveryPoints().update(p.withRetention(p.retention().pause(now)));
                }
                EventLog.record(tx, now, EventType.LEGAL_HOLD_CREATED, arn, r.title(), Map.of(
                        "LegalHoldId", hold.legalHoldId(), "Title", r.title(),
                        "RecoveryPoints", Integer.toString(points.size())));
                return hold.legalHoldId();
            });
            return find(tx, id);
        });
        storageProtection.protectSoon();
        settleLater(created.legalHoldId());
        return created;
    }

    private static CreateLegalHoldRequest checked(CreateLegalHoldRequest r) {
        if (r.title() == null) {
            throw ServiceException.missingParameter("Title");
        }
        if (r.description() == null) {
            throw ServiceException.missingParameter("Description");
        }
        checkText("Title", r.title(), MAX_TITLE);
        checkText("Description", r.description(), MAX_DESCRIPTION);
        Names.idempotencyToken(r.idempotencyToken());
        LegalHoldSelection selection = r.selection() == null
                ? new LegalHoldSelection(null, null, null, null) : r.selection();
        selection.vaultNames().forEach(Names::vault);
        selection.resourceIdentifiers().stream().filter(id -> id.startsWith("arn:"))
                .forEach(arn -> Arn.require("ResourceIdentifiers", arn));
        if (selection.fromDate() != null && selection.toDate() != null
                && selection.fromDate().isAfter(selection.toDate())) {
            throw ServiceException.invalidParameter("DateRange.FromDate " + selection.fromDate()
                    + " is after DateRange.ToDate " + selection.toDate());
        }
        return new CreateLegalHoldRequest(r.title(), r.description(), r.idempotencyToken(), selection,
                new TreeMap<>(Names.tags("Tags", r.tags())));
    }

    private static void checkText(String member, String text, int max) {
        if (text.isBlank() || text.length() > max) {
            throw ServiceException.invalidParameter(member + " must be 1 to " + max + " characters, not blank");
        }
    }

    public LegalHold get(String legalHoldId) {
        return catalog.read(tx -> find(tx, legalHoldId));
    }

    /** Current and past holds, oldest first. */
    public Page<LegalHold> list(PageRequest page) {
        return catalog.read(tx -> tx.legalHolds().list(page));
    }

    /** The points the hold took in that still exist. */
    public Page<RecoveryPoint> recoveryPoints(String legalHoldId, PageRequest page) {
        return catalog.read(tx -> {
            if (tx.legalHolds().find(legalHoldId).isEmpty()) {
                throw ServiceException.invalidParameter("Legal hold " + legalHoldId + " does not exist");
            }
            return tx.recoveryPoints().byLegalHold(legalHoldId, page);
        });
    }

    /**
     * Starts releasing an ACTIVE hold; its record stays visible {@code retainRecordInDays} after this call (null:
     * for good).
     */
    public void cancel(String legalHoldId, String cancelDescription, Long retainRecordInDays) {
        if (cancelDescription == null) {
            throw ServiceException.missingParameter("CancelDescription");
        }
        checkText("CancelDescription", cancelDescription, MAX_DESCRIPTION);
        if (retainRecordInDays != null && (retainRecordInDays < 0 || retainRecordInDays > LifecycleRules.MAX_DAYS)) {
            throw ServiceException.invalidParameter("RetainRecordInDays must be between 0 and "
                    + LifecycleRules.MAX_DAYS + ", got " + retainRecordInDays);
        }
        catalog.write(tx -> {
            LegalHold hold = find(tx, legalHoldId);
            if (hold.status() != LegalHoldStatus.ACTIVE) {
                throw ServiceException.invalidState("Legal hold " + legalHoldId + " is " + hold.status()
                        + "; only an ACTIVE legal hold can be cancelled");
            }
            Instant now = clock.now();
            Instant retainUntil = retainRecordInDays == null ? null : now.plus(Duration.ofDays(retainRecordInDays));
            tx.legalHolds().update(hold.canceling(cancelDescription, now, retainUntil));
            EventLog.record(tx, now, EventType.LEGAL_HOLD_RELEASED, account.legalHoldArn(legalHoldId),
                    cancelDescription, Map.of("LegalHoldId", legalHoldId, "Title", hold.title()));
            return null;
        });
        settleLater(legalHoldId);
    }

    private void settleLater(String legalHoldId) {
        try {
            settler.schedule(() -> Actor.asService(() -> {
                try {
                    settle(hold -> hold.legalHoldId().equals(legalHoldId));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Settling legal hold " + legalHoldId + " failed; it settles at the next"
                            + " tick after the clock passed the call, or at the next start", e);
                }
            }), SETTLE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: the next start settles the hold
        }
    }

    /** Settles the holds an earlier run of the server left CREATING or CANCELING: their wall time has passed. */
    public void settleInterrupted() {
        settle(hold -> true);
    }

    /**
     * Completes what holds started before now on the service clock: new holds become ACTIVE; cancelled ones become
     * CANCELED and give their points' retention clocks back, counting from the cancel call, unless another hold
     * still holds them; records kept long enough are forgotten. Earlier cancellations go first, so a point's clock
     * resumes at its last release.
     */
    public void settle() {
        Instant now = clock.now();
        settle(hold -> now.isAfter(hold.status() == LegalHoldStatus.CREATING ? hold.creationDate()
                : hold.cancellationDate()));
    }

    private void settle(Predicate<LegalHold> due) {
        Instant now = clock.now();
        catalog.write(tx -> {
            for (LegalHold hold : tx.legalHolds().inStatus(LegalHoldStatus.CREATING)) {
                if (due.test(hold)) {
                    tx.legalHolds().update(hold.withStatus(LegalHoldStatus.ACTIVE));
                }
            }
            for (LegalHold hold : tx.legalHolds().inStatus(LegalHoldStatus.CANCELING)) {
                if (!due.test(hold)) {
                    continue;
                }
                tx.legalHolds().update(hold.withStatus(LegalHoldStatus.CANCELED));
                for (String pointId : tx.legalHolds().pointIds(hold.legalHoldId())) {
                    if (!tx.legalHolds().isHeld(pointId)) {
                        tx.recoveryPoints().find(pointId).ifPresent(p -> tx.recoveryPoints()
                                .update(p.withRetention(p.retention().resume(hold.cancellationDate()))));
                    }
                }
            }
            for (LegalHold hold : tx.legalHolds().recordsDueBy(now)) {
                tx.legalHolds().delete(hold.legalHoldId());
                tx.tags().removeAll(account.legalHoldArn(hold.legalHoldId()));
            }
            return null;
        });
        storageProtection.protectSoon();
    }

    /** Refuses to delete a point that a hold holds. */
    public static void checkNotHeld(CellTx tx, RecoveryPoint point, String arn) {
        if (tx.legalHolds().isHeld(point.recoveryPointId())) {
            throw ServiceException.invalidRequest("Recovery point " + arn
                    + " cannot be deleted because it has active legal hold(s).");
        }
    }

    /** A held point's retention may be lengthened, never shortened. */
    public static void checkLifecycleUpdate(CellTx tx, RecoveryPoint point, String arn, Lifecycle requested) {
        if (LifecycleRules.shortensRetention(point.lifecycle(), requested)
                && tx.legalHolds().isHeld(point.recoveryPointId())) {
            throw ServiceException.invalidRequest("Recovery point " + arn + " has active legal hold(s), so its"
                    + " retention can be lengthened but not shortened");
        }
    }

    private static LegalHold find(CellTx tx, String legalHoldId) {
        return tx.legalHolds().find(legalHoldId).orElseThrow(() -> ServiceException.notFound("Legal hold "
                + legalHoldId + " does not exist"));
    }
}
