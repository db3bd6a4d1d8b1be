package dev.hokan.catalog.cell.restoretest;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class RestoreTestingPlans {
    private final CellTx tx;

    public RestoreTestingPlans(CellTx tx) {
        this.tx = tx;
    }

    public void insert(RestoreTestingPlan p) {
        tx.sql().update("INSERT INTO restore_testing_plans (name, arn, creation_millis, creator_request_id,"
                        + " last_update_millis, last_execution_millis, schedule_anchor_millis, evaluated_until_millis,"
                        + " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p.name(), p.arn(), p.creationTime(),
                p.creatorRequestId(), p.lastUpdateTime(), p.lastExecutionTime(), p.scheduleAnchor(),
                p.evaluatedUntil(), CatalogJson.write(p.document()));
    }

    public void update(RestoreTestingPlan p) {
        tx.sql().update("UPDATE restore_testing_plans SET last_update_millis = ?, last_execution_millis = ?,"
                        + " schedule_anchor_millis = ?, evaluated_until_millis = ?, document = ? WHERE name = ?",
                p.lastUpdateTime(), p.lastExecutionTime(), p.scheduleAnchor(), p.evaluatedUntil(),
                CatalogJson.write(p.document()), p.name());
    }

    public Optional<RestoreTestingPlan> find(String name) {
        return tx.sql().one("SELECT * FROM restore_testing_plans WHERE name = ?", RestoreTestingPlans::map, name);
    }

    public List<RestoreTestingPlan> all() {
        return tx.sql().list("SELECT * FROM restore_testing_plans ORDER BY name", RestoreTestingPlans::map);
    }

    public long count() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM restore_testing_plans");
    }

    public Page<RestoreTestingPlan> list(PageRequest page) {
        return tx.sql().page("restore_testing_plans", "name", Filter.all(), page, RestoreTestingPlans::map);
    }

    public void delete(String name) {
        tx.sql().update("DELETE FROM restore_testing_plans WHERE name = ?", name);
    }

    /** The plan has handled its firings up to {@code until}; {@code executed} is its latest run, if it ran. */
    public void evaluated(String name, Instant until, Instant executed) {
        tx.sql().update("UPDATE restore_testing_plans SET evaluated_until_millis = ?,"
                + " last_execution_millis = COALESCE(?, last_execution_millis) WHERE name = ?", until, executed, name);
    }

    private static RestoreTestingPlan map(Row r) {
        return new RestoreTestingPlan(r.string("name"), r.string("arn"), r.instant("creation_millis"),
                r.string("creator_request_id"), r.instant("last_update_millis"), r.instant("last_execution_millis"),
                r.instant("schedule_anchor_millis"), r.instant("evaluated_until_millis"),
                CatalogJson.read(r.string("document"), RestoreTestingPlanDocument.class));
    }
}
