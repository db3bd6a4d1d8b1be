package dev.hokan.catalog.cell.restoretest;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class RestoreTestingSelections {
    private final CellTx tx;

    public RestoreTestingSelections(CellTx tx) {
        this.tx = tx;
    }

    public void insert(RestoreTestingSelection s) {
        tx.sql().update("INSERT INTO restore_testing_selections (plan_name, name, creation_millis, creator_request_id,"
                        + " last_update_millis, document) VALUES (?, ?, ?, ?, ?, ?)", s.planName(), s.name(),
                s.creationTime(), s.creatorRequestId(), s.lastUpdateTime(), CatalogJson.write(s.document()));
    }

    public void update(RestoreTestingSelection s) {
        tx.sql().update("UPDATE restore_testing_selections SET last_update_millis = ?, document = ?"
                        + " WHERE plan_name = ? AND name = ?", s.lastUpdateTime(), CatalogJson.write(s.document()),
                s.planName(), s.name());
    }

    public Optional<RestoreTestingSelection> find(String planName, String name) {
        return tx.sql().one("SELECT * FROM restore_testing_selections WHERE plan_name = ? AND name = ?",
                RestoreTestingSelections::map, planName, name);
    }

    public List<RestoreTestingSelection> of(String planName) {
        return tx.sql().list("SELECT * FROM restore_testing_selections WHERE plan_name = ? ORDER BY creation_millis,"
                + " name", RestoreTestingSelections::map, planName);
    }

    public long count(String planName) {
        return tx.sql().count("SELECT COUNT(*) AS n FROM restore_testing_selections WHERE plan_name = ?", planName);
    }

    public Page<RestoreTestingSelection> list(String planName, PageRequest page) {
        return tx.sql().page("restore_testing_selections", "name", Filter.all().eq("plan_name", planName), page,
                RestoreTestingSelections::map);
    }

    public void delete(String planName, String name) {
        tx.sql().update("DELETE FROM restore_testing_selections WHERE plan_name = ? AND name = ?", planName, name);
    }

    private static RestoreTestingSelection map(Row r) {
        return new RestoreTestingSelection(r.string("plan_name"), r.string("name"), r.instant("creation_millis"),
                r.string("creator_request_id"), r.instant("last_update_millis"),
                CatalogJson.read(r.string("document"), RestoreTestingSelectionDocument.class));
    }
}
