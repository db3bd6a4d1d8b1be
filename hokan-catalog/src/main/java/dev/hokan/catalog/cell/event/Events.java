package dev.hokan.catalog.cell.event;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;

public final class Events {
    private final CellTx tx;

    public Events(CellTx tx) {
        this.tx = tx;
    }

    public void insert(Event e) {
        tx.sql().update("INSERT INTO events (event_id, creation_millis, event_type, resource_arn, actor, message, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", e.eventId(), e.time(), e.type(), e.resourceArn(), e.actor(),
                e.message(), CatalogJson.write(e.details()));
    }

    /** Events in time order, oldest first. */
    public Page<Event> list(EventFilter f, PageRequest page) {
        Filter filter = Filter.all().eq("event_type", f.type())
                .after("creation_millis", f.after())
                .before("creation_millis", f.before());
        return tx.sql().page("events", "event_id", filter, page, Events::map);
    }

    private static Event map(Row r) {
        return new Event(r.string("event_id"), r.instant("creation_millis"), r.string("event_type"),
                r.string("resource_arn"), r.string("actor"), r.string("message"),
                CatalogJson.readMap(r.string("details")));
    }
}
