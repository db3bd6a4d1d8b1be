package dev.hokan.catalog.cell.protection;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Legal holds and the recovery points each one holds. */
public final class LegalHolds {
    private final CellTx tx;

    public LegalHolds(CellTx tx) {
        this.tx = tx;
    }

    public void insert(LegalHold h) {
        tx.sql().update("INSERT INTO legal_holds (legal_hold_id, title, description, status, creation_millis, selection,"
                        + " cancel_description, cancellation_millis, retain_until_millis)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                h.legalHoldId(), h.title(), h.description(), h.status(), h.creationDate(),
                CatalogJson.write(h.selection()), h.cancelDescription(), h.cancellationDate(), h.retainRecordUntil());
    }

    /** Saves status and cancellation. */
    public void update(LegalHold h) {
        tx.sql().update("UPDATE legal_holds SET status = ?, cancel_description = ?, cancellation_millis = ?,"
                        + " retain_until_millis = ? WHERE legal_hold_id = ?", h.status(), h.cancelDescription(),
                h.cancellationDate(), h.retainRecordUntil(), h.legalHoldId());
    }

    public Optional<LegalHold> find(String legalHoldId) {
        return tx.sql().one("SELECT * FROM legal_holds WHERE legal_hold_id = ?", LegalHolds::map, legalHoldId);
    }

    public Page<LegalHold> list(PageRequest page) {
        return tx.sql().page("legal_holds", "legal_hold_id", Filter.all(), page, LegalHolds::map);
    }

    /** Holds in {@code status}, the earliest cancelled first. */
    public List<LegalHold> inStatus(LegalHoldStatus status) {
        return tx.sql().list("SELECT * FROM legal_holds WHERE status = ? ORDER BY cancellation_millis, creation_millis,"
                + " legal_hold_id", LegalHolds::map, status);
    }

    /** Holds that still hold their points: every status but CANCELED. */
    public long countHolding() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM legal_holds WHERE status <> 'CANCELED'");
    }

    public void addPoint(String legalHoldId, String recoveryPointId) {
        tx.sql().update("INSERT INTO legal_hold_points (legal_hold_id, recovery_point_id) VALUES (?, ?)", legalHoldId,
                recoveryPointId);
    }

    public List<String> pointIds(String legalHoldId) {
        return tx.sql().list("SELECT recovery_point_id FROM legal_hold_points WHERE legal_hold_id = ?",
                r -> r.string("recovery_point_id"), legalHoldId);
    }

    /** Whether any hold that is not CANCELED holds the point. */
    public boolean isHeld(String recoveryPointId) {
        return tx.sql().count("SELECT COUNT(*) AS n FROM legal_hold_points p JOIN legal_holds h"
                + " ON h.legal_hold_id = p.legal_hold_id WHERE p.recovery_point_id = ? AND h.status <> 'CANCELED'",
                recoveryPointId) > 0;
    }

    /** Cancelled holds whose record was to be kept until {@code now} or earlier. */
    public List<LegalHold> recordsDueBy(Instant now) {
        return tx.sql().list("SELECT * FROM legal_holds WHERE status = 'CANCELED' AND retain_until_millis <= ?",
                LegalHolds::map, now);
    }

    public void delete(String legalHoldId) {
        tx.sql().update("DELETE FROM legal_hold_points WHERE legal_hold_id = ?", legalHoldId);
        tx.sql().update("DELETE FROM legal_holds WHERE legal_hold_id = ?", legalHoldId);
    }

    private static LegalHold map(Row r) {
        return new LegalHold(r.string("legal_hold_id"), r.string("title"), r.string("description"),
                LegalHoldStatus.valueOf(r.string("status")), r.instant("creation_millis"),
                CatalogJson.read(r.string("selection"), LegalHoldSelection.class), r.string("cancel_description"),
                r.instant("cancellation_millis"), r.instant("retain_until_millis"));
    }
}
