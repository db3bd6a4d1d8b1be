package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.engine.clock.ServiceClock;

/** What the services of one cell share: its catalog, the service's clock and the account it acts for. */
public record CellContext(CellCatalog catalog, ServiceClock clock, Account account) {
}
