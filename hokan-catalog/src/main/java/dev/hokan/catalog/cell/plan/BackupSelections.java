package dev.hokan.catalog.cell.plan;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.Optional;

public final class BackupSelections {
    private final CellTx tx;

    public BackupSelections(CellTx tx) {
        this.tx = tx;
    }

    public void insert(BackupSelection s) {
        tx.sql().update("INSERT INTO backup_selections (selection_id, plan_id, document, creation_millis, creator_request_id)"
                        + " VALUES (?, ?, ?, ?, ?)", s.selectionId(), s.planId(), CatalogJson.write(s.document()),
                s.creationDate(), s.creatorRequestId());
    }

    public Optional<BackupSelection> find(String planId, String selectionId) {
        return tx.sql().one("SELECT * FROM backup_selections WHERE plan_id = ? AND selection_id = ?", BackupSelections::map,
                planId, selectionId);
    }

    public Optional<BackupSelection> findByCreatorRequestId(String planId, String creatorRequestId) {
        return tx.sql().one("SELECT * FROM backup_selections WHERE plan_id = ? AND creator_request_id = ?",
                BackupSelections::map, planId, creatorRequestId);
    }

    public Page<BackupSelection> list(String planId, PageRequest page) {
        return tx.sql().page("backup_selections", "selection_id", Filter.all().eq("plan_id", planId), page,
                BackupSelections::map);
    }

    public long count(String planId) {
        return tx.sql().count("SELECT COUNT(*) AS n FROM backup_selections WHERE plan_id = ?", planId);
    }

    public void delete(String selectionId) {
        tx.sql().update("DELETE FROM backup_selections WHERE selection_id = ?", selectionId);
    }

    private static BackupSelection map(Row r) {
        return new BackupSelection(r.string("selection_id"), r.string("plan_id"),
                CatalogJson.read(r.string("document"), SelectionDocument.class), r.instant("creation_millis"),
                r.string("creator_request_id"));
    }
}
