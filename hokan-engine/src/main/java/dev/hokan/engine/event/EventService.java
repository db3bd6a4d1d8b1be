package dev.hokan.engine.event;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.event.ChainVerification;
import dev.hokan.catalog.cell.event.Event;
import dev.hokan.catalog.cell.event.EventFilter;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The recorded state changes, for the audit trail and notifications. */
public final class EventService {
    private final CellCatalog catalog;
    private final ServiceClock clock;

    public EventService(CellCatalog catalog, ServiceClock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Records a change kept outside this cell's catalog (the directory, the clock), by the current actor, once it
     * has happened: the two stores share no transaction.
     */
    public void record(EventType type, String resourceArn, String message, Map<String, String> details) {
        catalog.write(tx -> {
            EventLog.record(tx, clock.now(), type, resourceArn, message, details);
            return null;
        });
    }

    public Page<Event> list(EventFilter filter, PageRequest page) {
        if (filter.type() != null && Arrays.stream(EventType.values()).noneMatch(t -> t.wireName().equals(filter.type()))) {
            throw ServiceException.invalidParameter("Unknown event type " + filter.type() + "; known types: "
                    + Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", ")));
        }
        if (filter.after() != null && filter.before() != null && !filter.after().isBefore(filter.before())) {
            throw ServiceException.invalidParameter("after must be earlier than before");
        }
        return catalog.read(tx -> tx.events().list(filter, page));
    }

    /** Checks the cell's event chain: which events were changed, removed or moved since they were recorded. */
    public ChainVerification verify() {
        return catalog.read(tx -> tx.events().verify());
    }
}
