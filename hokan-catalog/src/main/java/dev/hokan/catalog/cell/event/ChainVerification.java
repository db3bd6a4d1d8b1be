package dev.hokan.catalog.cell.event;

import java.util.List;

/**
 * What checking a cell's event chain found: how many events it checked, the last one and its hash (which an
 * operator may note elsewhere: events removed from the end of the log are seen only against such a note), and
 * every break, in chain order.
 */
public record ChainVerification(long events, String lastEventId, String lastHash, List<ChainBreak> breaks) {
    public ChainVerification {
        breaks = List.copyOf(breaks);
    }

    public boolean intact() {
        return breaks.isEmpty();
    }
}
