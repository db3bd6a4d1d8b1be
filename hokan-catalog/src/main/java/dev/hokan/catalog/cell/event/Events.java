package dev.hokan.catalog.cell.event;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cell's event log, a hash chain: each event is inserted at the next position with the hash of the event
 * before it ({@link EventHash}), in the transaction that records it, so that writers racing on PostgreSQL are
 * serialised (one runs again) and the chain has no fork. Events recorded before the chain existed are chained, in
 * the order they are listed, by the first event recorded after it.
 */
public final class Events {
    private static final int VERIFY_BATCH = 500;
    private static final Link START = new Link(0, null, null);

    private final CellTx tx;

    public Events(CellTx tx) {
        this.tx = tx;
    }

    /** A place in the chain: its position, and the ID and hash of the event there. */
    private record Link(long position, String eventId, String hash) {
        Link next(Event e) {
            return new Link(position + 1, e.eventId(), EventHash.of(hash, e));
        }
    }

    public void insert(Event e) {
        Link previous = head().orElseGet(this::chainUnchained);
        Link link = previous.next(e);
        tx.sql().update("INSERT INTO events (event_id, creation_millis, event_type, resource_arn, actor, message, details,"
                        + " chain_position, previous_hash, event_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.eventId(), e.time(), e.type(), e.resourceArn(), e.actor(), e.message(),
                CatalogJson.write(e.details()), link.position(), previous.hash(), link.hash());
    }

    private Optional<Link> head() {
        return tx.sql().one("SELECT chain_position, event_id, event_hash FROM events WHERE chain_position IS NOT NULL"
                + " ORDER BY chain_position DESC LIMIT 1", Events::link);
    }

    /** Chains the events recorded before the chain existed; the last of them, or the start of the chain. */
    private Link chainUnchained() {
        Link last = START;
        for (Event e : tx.sql().list("SELECT * FROM events WHERE chain_position IS NULL"
                + " ORDER BY creation_millis, event_id", Events::map)) {
            Link link = last.next(e);
            tx.sql().update("UPDATE events SET chain_position = ?, previous_hash = ?, event_hash = ? WHERE event_id = ?",
                    link.position(), last.hash(), link.hash(), e.eventId());
            last = link;
        }
        return last;
    }

    /** Events in time order, oldest first. */
    public Page<Event> list(EventFilter f, PageRequest page) {
        Filter filter = Filter.all().eq("event_type", f.type())
                .eq("actor", f.actor())
                .eq("resource_arn", f.resourceArn())
                .after("creation_millis", f.after())
                .before("creation_millis", f.before());
        return tx.sql().page("events", "event_id", filter, page, Events::map);
    }

    /**
     * Walks the chain in order and checks that each event matches its hash and follows the event it was chained
     * to. Events not chained yet (recorded before the chain existed, none written since) are not checked.
     */
    public ChainVerification verify() {
        List<ChainBreak> breaks = new ArrayList<>();
        Link previous = START;
        long count = 0;
        List<Chained> batch;
        do {
            batch = tx.sql().list("SELECT * FROM events WHERE chain_position > ? ORDER BY chain_position LIMIT ?",
                    Events::chained, previous.position(), VERIFY_BATCH);
            for (Chained c : batch) {
                check(c, previous).ifPresent(breaks::add);
                if (!EventHash.of(c.previousHash(), c.event()).equals(c.hash())) {
                    breaks.add(new ChainBreak(ChainBreak.Kind.CHANGED, c.position(), c.event().eventId(),
                            "Event " + c.event().eventId() + " (" + c.event().type() + ") at position " + c.position()
                                    + " was changed: its fields no longer match its hash"));
                }
                previous = new Link(c.position(), c.event().eventId(), c.hash());
                count++;
            }
        } while (batch.size() == VERIFY_BATCH);
        return new ChainVerification(count, previous.eventId(), previous.hash(), breaks);
    }

    /** Whether {@code c} follows the event it was chained to, {@code previous} in the walk. */
    private Optional<ChainBreak> check(Chained c, Link previous) {
        if (Objects.equals(c.previousHash(), previous.hash())) {
            return Optional.empty();
        }
        String what = "Event " + c.event().eventId() + " (" + c.event().type() + ") at position " + c.position();
        String walked = previous.eventId() == null ? "the start of the log" : "event " + previous.eventId()
                + " (position " + previous.position() + ")";
        Optional<Link> chainedTo = c.previousHash() == null ? Optional.of(START) : tx.sql().one(
                "SELECT chain_position, event_id, event_hash FROM events WHERE event_hash = ?", Events::link,
                c.previousHash());
        if (chainedTo.isPresent()) {
            Link to = chainedTo.get();
            String follows = to.eventId() == null ? "the start of the log" : "event " + to.eventId()
                    + " (position " + to.position() + ")";
            return Optional.of(new ChainBreak(ChainBreak.Kind.REORDERED, c.position(), c.event().eventId(),
                    what + " was moved: it was recorded after " + follows + ", but now follows " + walked));
        }
        return Optional.of(new ChainBreak(ChainBreak.Kind.REMOVED, c.position(), c.event().eventId(), what
                + " follows an event that is no longer in the log: what was recorded between " + walked
                + " and it was removed"));
    }

    private record Chained(long position, String previousHash, String hash, Event event) {
    }

    private static Chained chained(Row r) {
        return new Chained(r.longValue("chain_position"), r.string("previous_hash"), r.string("event_hash"), map(r));
    }

    private static Link link(Row r) {
        return new Link(r.longValue("chain_position"), r.string("event_id"), r.string("event_hash"));
    }

    private static Event map(Row r) {
        return new Event(r.string("event_id"), r.instant("creation_millis"), r.string("event_type"),
                r.string("resource_arn"), r.string("actor"), r.string("message"),
                CatalogJson.readMap(r.string("details")));
    }
}
