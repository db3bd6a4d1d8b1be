package dev.hokan.engine.resource.postgresql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a continuous PostgreSQL point holds, as the catalog keeps it: the replication slot it streams through, the
 * server it streams from (system identifier, timeline, WAL segment size), where its unbroken stream of WAL begins
 * ({@code streamStart}, moved by a gap) and how far it is sealed in the vault ({@code sealedEnd}), the latest time
 * known restorable, the sealed WAL segments and the base backups. Positions are LSNs.
 */
record WalStreamState(String slot, String systemId, int timeline, long segmentSize, long streamStart, long sealedEnd,
                      Instant latest, List<SealedSegment> segments, List<BaseBackup> baseBackups) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** One WAL segment as sealed so far: its bytes from {@code start} to {@code end}, stored as {@code snapshotId}. */
    record SealedSegment(long start, long end, String snapshotId) {
    }

    /**
     * A base backup: its snapshot, the WAL position before it began (its WAL starts at or after it), the position by
     * which it had ended ({@code ready}: restorable once the WAL is sealed that far) and the time it ended.
     */
    record BaseBackup(String snapshotId, long start, long ready, Instant end) {
    }

    WalStreamState {
        segments = List.copyOf(segments);
        baseBackups = List.copyOf(baseBackups);
    }

    /** The state kept as {@code json}, or nothing for a point whose stream has not begun ({@code {}}). */
    static Optional<WalStreamState> parse(String json) {
        return MAPPER.readTree(json).isEmpty() ? Optional.empty() : Optional.of(MAPPER.readValue(json, WalStreamState.class));
    }

    String json() {
        return MAPPER.writeValueAsString(this);
    }

    /** The earliest restorable time: the end of the first base backup of the unbroken stream whose WAL is sealed. */
    Optional<Instant> earliest() {
        return usable().stream().map(BaseBackup::end).min(Comparator.naturalOrder())
                .map(t -> t.truncatedTo(ChronoUnit.MILLIS).plusMillis(1));
    }

    /** The latest restorable time, when the window is not empty (it then starts at {@link #earliest()}). */
    Optional<Instant> latestRestorable() {
        return earliest().filter(e -> latest != null && !latest.isBefore(e))
                .map(e -> latest.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The base backups of the unbroken stream whose WAL is sealed past their end, oldest first. */
    List<BaseBackup> usable() {
        return baseBackups.stream().filter(b -> b.start() >= streamStart && sealedEnd >= b.ready())
                .sorted(Comparator.comparing(BaseBackup::end)).toList();
    }

    /** The base backup a restore to {@code time} starts from: the latest usable one ended at or before it. */
    Optional<BaseBackup> baseFor(Instant time) {
        return usable().stream().filter(b -> !b.end().isAfter(time)).reduce((a, b) -> b);
    }

    /** The sealed segments a restore from {@code base} replays, in order. */
    List<SealedSegment> segmentsAfter(BaseBackup base) {
        long from = WalPositions.segmentStart(base.start(), segmentSize);
        return segments.stream().filter(s -> s.start() >= from).sorted(Comparator.comparingLong(SealedSegment::start))
                .toList();
    }

    /** The snapshot a copy of the point takes: its latest base backup. */
    Optional<BaseBackup> newestBase() {
        return baseBackups.stream().max(Comparator.comparing(BaseBackup::end));
    }

    WalStreamState sealed(SealedSegment segment, Instant latestTime) {
        List<SealedSegment> list = new ArrayList<>(segments.stream().filter(s -> s.start() != segment.start()).toList());
        list.add(segment);
        return new WalStreamState(slot, systemId, timeline, segmentSize, streamStart, Math.max(sealedEnd, segment.end()),
                latestTime, list, baseBackups);
    }

    WalStreamState withLatest(Instant latestTime) {
        return new WalStreamState(slot, systemId, timeline, segmentSize, streamStart, sealedEnd, latestTime, segments,
                baseBackups);
    }

    WalStreamState withBaseBackup(BaseBackup b) {
        List<BaseBackup> list = new ArrayList<>(baseBackups);
        list.add(b);
        return new WalStreamState(slot, systemId, timeline, segmentSize, streamStart, sealedEnd, latest, segments, list);
    }

    /**
     * A new unbroken stream from {@code start} on a server (after a gap): the segments of the old stream are dropped at
     * once, nothing restores from them; its base backups stay until a new one is taken, as what a copy takes.
     */
    WalStreamState restarted(String newSystemId, int newTimeline, long newSegmentSize, long start) {
        return new WalStreamState(slot, newSystemId, newTimeline, newSegmentSize, start, start, null, List.of(),
                baseBackups);
    }

    /**
     * What the point keeps when restores need reach back only to {@code cutoff} (null: to its earliest time): the base
     * backups of the unbroken stream that ended at or after it, the newest one before it, and the segments they need.
     * Without a usable base backup, base backups stay as they are.
     */
    WalStreamState retainedFrom(Instant cutoff) {
        List<BaseBackup> usable = usable();
        if (usable.isEmpty()) {
            return this;
        }
        List<BaseBackup> kept = new ArrayList<>();
        BaseBackup lastBefore = null;
        for (BaseBackup b : usable) {
            if (cutoff != null && b.end().isBefore(cutoff)) {
                lastBefore = b;
            } else {
                kept.add(b);
            }
        }
        if (lastBefore != null) {
            kept.addFirst(lastBefore);
        }
        List<BaseBackup> all = new ArrayList<>(kept);
        // base backups not yet sealed past their end stay, they become usable soon
        baseBackups.stream().filter(b -> b.start() >= streamStart && sealedEnd < b.ready()).forEach(all::add);
        long from = WalPositions.segmentStart(kept.getFirst().start(), segmentSize);
        List<SealedSegment> segs = segments.stream().filter(s -> s.start() >= from).toList();
        return new WalStreamState(slot, systemId, timeline, segmentSize, streamStart, sealedEnd, latest, segs, all);
    }

    /** The snapshots this state refers to and {@code newer} does not any more. */
    List<String> releasedBy(WalStreamState newer) {
        List<String> kept = newer.snapshots();
        return snapshots().stream().filter(id -> !kept.contains(id)).toList();
    }

    List<String> snapshots() {
        List<String> ids = new ArrayList<>();
        baseBackups.forEach(b -> ids.add(b.snapshotId()));
        segments.forEach(s -> ids.add(s.snapshotId()));
        return ids;
    }
}
