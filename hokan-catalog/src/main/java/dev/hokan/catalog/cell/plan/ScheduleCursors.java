package dev.hokan.catalog.cell.plan;

import dev.hokan.catalog.cell.CellTx;
import java.time.Instant;
import java.util.Optional;

/** How far the scheduler has evaluated each plan's schedules: every firing up to this time has been handled. */
public final class ScheduleCursors {
    private final CellTx tx;

    public ScheduleCursors(CellTx tx) {
        this.tx = tx;
    }

    public Optional<Instant> find(String planId) {
        return tx.sql().one("SELECT evaluated_until_millis FROM schedule_cursors WHERE plan_id = ?",
                r -> r.instant("evaluated_until_millis"), planId);
    }

    public void put(String planId, Instant evaluatedUntil) {
        if (tx.sql().update("UPDATE schedule_cursors SET evaluated_until_millis = ? WHERE plan_id = ?", evaluatedUntil,
                planId) == 0) {
            tx.sql().update("INSERT INTO schedule_cursors (plan_id, evaluated_until_millis) VALUES (?, ?)", planId,
                    evaluatedUntil);
        }
    }
}
