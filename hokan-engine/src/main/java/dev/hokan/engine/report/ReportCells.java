package dev.hokan.engine.report;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.report.ReportSetting;
import dev.hokan.engine.Account;
import java.util.List;

/** The cells of the deployment a report covers: what the deployment knows of its accounts, regions and organisation. */
@FunctionalInterface
public interface ReportCells {
    /**
     * The cells that exist among those of the setting's accounts, organizational units and regions (none given: the
     * owner's own account, or region), in order; refuses a setting that names accounts the owner may not report on.
     */
    List<Covered> covered(Account owner, ReportSetting setting);

    /** One cell a report covers and its catalog. */
    record Covered(Account account, CellCatalog catalog) {
    }
}
