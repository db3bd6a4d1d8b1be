package dev.hokan.engine.plan;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.BackupSelection;
import dev.hokan.catalog.cell.plan.SelectionDocument;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import java.util.UUID;

public final class SelectionService {
    public static final int MAX_SELECTIONS_PER_PLAN = 100;

    private final CellCatalog catalog;
    private final ServiceClock clock;

    public SelectionService(CellCatalog catalog, ServiceClock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public BackupSelection create(String planId, SelectionDocument document, String creatorRequestId) {
        Names.creatorRequestId(creatorRequestId);
        SelectionDocument checked = SelectionValidator.validate(document);
        return catalog.write(tx -> {
            activePlan(tx, planId);
            if (creatorRequestId != null) {
                var earlier = tx.selections().findByCreatorRequestId(planId, creatorRequestId);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            if (tx.selections().count(planId) >= MAX_SELECTIONS_PER_PLAN) {
                throw ServiceException.limitExceeded("Backup plan " + planId + " already has "
                        + MAX_SELECTIONS_PER_PLAN + " selections");
            }
            BackupSelection selection = new BackupSelection(UUID.randomUUID().toString(), planId, checked,
                    clock.now(), creatorRequestId);
            tx.selections().insert(selection);
            return selection;
        });
    }

    public BackupSelection get(String planId, String selectionId) {
        return catalog.read(tx -> {
            activePlan(tx, planId);
            return find(tx, planId, selectionId);
        });
    }

    public void delete(String planId, String selectionId) {
        catalog.write(tx -> {
            activePlan(tx, planId);
            tx.selections().delete(find(tx, planId, selectionId).selectionId());
            return null;
        });
    }

    public Page<BackupSelection> list(String planId, PageRequest page) {
        return catalog.read(tx -> {
            activePlan(tx, planId);
            return tx.selections().list(planId, page);
        });
    }

    private static BackupPlan activePlan(CellTx tx, String planId) {
        BackupPlan plan = PlanService.find(tx, planId);
        if (plan.isDeleted()) {
            throw ServiceException.notFound("Backup plan " + planId + " does not exist");
        }
        return plan;
    }

    private static BackupSelection find(CellTx tx, String planId, String selectionId) {
        return tx.selections().find(planId, selectionId).orElseThrow(() -> ServiceException.notFound(
                "Backup selection " + selectionId + " does not exist in backup plan " + planId));
    }
}
