package dev.hokan.engine.resource.postgresql;

import dev.hokan.engine.resource.ContinuousPoint;
import dev.hokan.engine.resource.ContinuousStream;
import dev.hokan.engine.resource.postgresql.WalStreamState.BaseBackup;
import dev.hokan.engine.resource.postgresql.WalStreamState.SealedSegment;
import dev.hokan.store.NoSuchSnapshotException;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.SnapshotStatus;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.BackupSource;
import dev.hokan.store.backup.FinishSignal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Keeps one continuous PostgreSQL point current. A thread streams the WAL through the point's physical replication
 * slot and seals it into the vault every {@link #SEAL_EVERY} when there is new WAL: the segment being filled is stored
 * again from its start as one snapshot, which replaces the one of its previous seal (content-defined chunking stores
 * only what is new), so the vault holds one snapshot per WAL segment. Only then is the position acknowledged to the
 * server, so the slot keeps everything not sealed: a stop of Hokan or of the server loses nothing, and the stream
 * resumes at the start of the segment holding the sealed end.
 * <p>
 * Every seal also settles the latest restorable time: before sealing, the server is asked how far its WAL is flushed;
 * the local time of that question, less {@link #COMMIT_MARGIN} for commits whose WAL was still being flushed, becomes
 * restorable once the sealed end reaches that position. A slot dropped by someone else, WAL the server removed, or
 * another cluster at the address is a gap: recorded as an interruption, the slot is made again, and a base backup is
 * taken at once; the window restarts after the gap. A server that cannot be reached is retried with backoff.
 */
final class WalStreamer implements ContinuousStream {
    private static final Logger LOG = Logger.getLogger(WalStreamer.class.getName());
    private static final Duration SEAL_EVERY = Duration.ofSeconds(2);
    private static final Duration COMMIT_MARGIN = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration COLLECT_EVERY = Duration.ofMinutes(5);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration STREAM_START_WAIT = Duration.ofMinutes(2);

    private final ContinuousPoint point;
    private final String slot;
    private final Object lock = new Object();
    private volatile WalStreamState state;
    private Thread thread;
    private volatile boolean stopping;
    private volatile String lastProblem;
    private Instant lastCollection = Instant.now();
    private boolean deletedSinceCollection;

    WalStreamer(ContinuousPoint point) {
        this.point = point;
        // Hokan's by its name, one per point
        this.slot = "hokan_" + point.recoveryPointId().replace("-", "").toLowerCase(Locale.ROOT);
        this.state = WalStreamState.parse(point.state()).orElse(null);
    }

    WalStreamer start() {
        thread = Thread.ofPlatform().daemon().name("hokan-wal-" + point.recoveryPointId()).start(this::run);
        return this;
    }

    private PostgresServer server() {
        return PostgresKind.server(point.settings(), point.context());
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (!stopping) {
            try {
                stream();
                backoff = Duration.ofSeconds(1);
            } catch (GapException e) {
                if (!restartAfterGap(e.getMessage())) {
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        break;
                    }
                    backoff = longer(backoff);
                }
            } catch (SQLException | IOException | RuntimeException e) {
                if (stopping) {
                    break;
                }
                lastProblem = e.getMessage();
                LOG.log(Level.WARNING, "Continuous backup " + point.recoveryPointId() + ": streaming WAL failed ("
                        + e.getMessage() + "); retried in " + backoff.toSeconds() + " s");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoff = longer(backoff);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private static Duration longer(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private void stream() throws SQLException, IOException, InterruptedException, GapException {
        try (ReplicationSession session = ReplicationSession.open(server());
             ReplicationSession sampler = ReplicationSession.open(server())) {
            ReplicationSession.Identity id = session.identify();
            synchronized (lock) {
                if (state == null) {
                    session.createSlot(slot);
                    long segmentSize = session.segmentSize();
                    long start = WalPositions.segmentStart(session.identify().flushed(), segmentSize);
                    save(new WalStreamState(slot, id.systemId(), id.timeline(), segmentSize, start, start, null,
                            List.of(), List.of()));
                    lock.notifyAll();
                } else if (!id.systemId().equals(state.systemId())) {
                    throw new GapException("The server at " + server().address() + " is another cluster now (system"
                            + " identifier " + id.systemId() + ", was " + state.systemId() + ")");
                } else if (id.timeline() != state.timeline()) {
                    throw new GapException("The server at " + server().address() + " moved to timeline "
                            + id.timeline() + " (was " + state.timeline() + ")");
                }
            }
            PGReplicationStream stream;
            try {
                stream = session.stream(slot, WalPositions.segmentStart(state.sealedEnd(), state.segmentSize()));
            } catch (SQLException e) {
                if (List.of(ReplicationSession.UNDEFINED_OBJECT, ReplicationSession.FILE_REMOVED,
                        ReplicationSession.NOT_IN_PREREQUISITE_STATE).contains(e.getSQLState())) {
                    throw new GapException("Streaming from replication slot " + slot + " failed: " + e.getMessage());
                }
                throw e;
            }
            lastProblem = null;
            try {
                receive(stream, sampler);
            } finally {
                stream.close();
            }
        }
    }

    /** Receives WAL into the segment being filled, sealing it at its end and every SEAL_EVERY. */
    private void receive(PGReplicationStream stream, ReplicationSession sampler)
            throws SQLException, IOException, InterruptedException {
        long segmentSize = state.segmentSize();
        byte[] segment = new byte[Math.toIntExact(segmentSize)];
        long segmentStart = WalPositions.segmentStart(state.sealedEnd(), segmentSize);
        int filled = 0;
        Sample pending = null;
        Instant nextSeal = Instant.now().plus(SEAL_EVERY);
        Instant nextPrune = Instant.now();
        while (!stopping) {
            ByteBuffer buffer = stream.readPending();
            if (buffer != null) {
                long from = stream.getLastReceiveLSN().asLong() - buffer.remaining();
                if (from != segmentStart + filled) {
                    throw new IOException("WAL arrived at " + WalPositions.text(from) + " where "
                            + WalPositions.text(segmentStart + filled) + " was expected");
                }
                while (buffer.hasRemaining()) {
                    int take = Math.min(segment.length - filled, buffer.remaining());
                    buffer.get(segment, filled, take);
                    filled += take;
                    if (filled == segment.length) {
                        seal(segmentStart, segment, filled);
                        segmentStart += segmentSize;
                        filled = 0;
                    }
                }
            }
            Instant now = Instant.now();
            if (now.isBefore(nextSeal)) {
                if (buffer == null) {
                    Thread.sleep(10);
                }
                continue;
            }
            if (pending == null) {
                pending = new Sample(now.minus(COMMIT_MARGIN), sampler.identify().flushed());
            }
            if (segmentStart + filled > state.sealedEnd()) {
                seal(segmentStart, segment, filled);
            }
            if (state.sealedEnd() >= pending.position()) {
                synchronized (lock) {
                    save(state.withLatest(pending.time()));
                }
                pending = null;
            }
            stream.setFlushedLSN(LogSequenceNumber.valueOf(state.sealedEnd()));
            stream.setAppliedLSN(LogSequenceNumber.valueOf(state.sealedEnd()));
            stream.forceUpdateStatus();
            if (!now.isBefore(nextPrune)) {
                prune();
                nextPrune = now.plus(PRUNE_EVERY);
            }
            collectIfDue(now);
            nextSeal = now.plus(SEAL_EVERY);
        }
    }

    /** A moment and the WAL position the server had flushed by then. */
    private record Sample(Instant time, long position) {
    }

    /** Stores the segment's first {@code length} bytes as its snapshot, replacing the one of its previous seal. */
    private void seal(long segmentStart, byte[] segment, int length) throws IOException, InterruptedException {
        String name = WalPositions.segmentName(state.timeline(), segmentStart, state.segmentSize());
        BackupResult result = point.withVault(vault -> vault.backup(new BackupRequest(
                BackupSource.stream(name, Channels.newChannel(new ByteArrayInputStream(segment, 0, length))),
                point.recoveryPointId() + "/wal")));
        Optional<SealedSegment> replaced;
        synchronized (lock) {
            replaced = state.segments().stream().filter(s -> s.start() == segmentStart).findFirst();
            save(state.sealed(new SealedSegment(segmentStart, segmentStart + length, result.snapshotId()), state.latest()));
        }
        if (replaced.isPresent()) {
            point.withVault(vault -> {
                try {
                    vault.deleteSnapshot(replaced.get().snapshotId());
                } catch (NoSuchSnapshotException e) {
                    LOG.fine("Snapshot " + replaced.get().snapshotId() + " was already gone");
                }
                return null;
            });
            deletedSinceCollection = true;
        }
    }

    /** Frees, now and then, the data of the segment snapshots later seals replaced. */
    private void collectIfDue(Instant now) throws IOException {
        if (deletedSinceCollection && Duration.between(lastCollection, now).compareTo(COLLECT_EVERY) >= 0) {
            point.release(List.of());
            deletedSinceCollection = false;
            lastCollection = now;
        }
    }

    @Override
    public BackupResult baseBackup(ProgressListener progress, FinishSignal finish) throws IOException, InterruptedException {
        awaitStream();
        PostgresServer server = server();
        long start = position(server);
        BackupSource source = new PostgresKind().backupSource(point.settings(), point.context());
        BackupResult result = point.withVault(vault -> vault.backup(new BackupRequest(source, point.resourceArn(),
                Map.of(), progress, finish)));
        if (result.status() != SnapshotStatus.COMPLETE) {
            point.release(List.of(result.snapshotId()));
            throw new IOException("The base backup did not complete (" + result.status() + ")");
        }
        long ready = position(server);
        synchronized (lock) {
            save(state.withBaseBackup(new BaseBackup(result.snapshotId(), start, ready, Instant.now())));
        }
        prune();
        return result;
    }

    private static long position(PostgresServer server) throws IOException {
        try (ReplicationSession session = ReplicationSession.open(server)) {
            return session.identify().flushed();
        } catch (SQLException e) {
            throw new IOException("Cannot reach PostgreSQL at " + server.address() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the stream has begun (its slot exists), so that the WAL after a base backup is kept. */
    private void awaitStream() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STREAM_START_WAIT);
        synchronized (lock) {
            while (state == null) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0 || stopping) {
                    throw new IOException("The WAL stream of the continuous backup could not begin"
                            + (lastProblem == null ? "" : ": " + lastProblem));
                }
                lock.wait(Math.min(left, 1000));
            }
        }
    }

    /** Frees the base backups and WAL no restore within the retention needs any more. */
    private void prune() throws IOException {
        List<String> released;
        synchronized (lock) {
            Long days = point.retentionDays();
            WalStreamState kept = state.retainedFrom(days == null ? null : Instant.now().minus(Duration.ofDays(days)));
            released = state.releasedBy(kept);
            if (released.isEmpty()) {
                return;
            }
            save(kept);
        }
        point.release(released);
    }

    /** Makes the slot again and restarts the stream where the server is now; false when the server cannot be reached. */
    private boolean restartAfterGap(String reason) {
        try (ReplicationSession session = ReplicationSession.open(server())) {
            session.createSlot(slot);
            ReplicationSession.Identity id = session.identify();
            long segmentSize = session.segmentSize();
            long start = WalPositions.segmentStart(id.flushed(), segmentSize);
            List<String> released;
            synchronized (lock) {
                WalStreamState restarted = state.restarted(id.systemId(), id.timeline(), segmentSize, start);
                released = state.releasedBy(restarted);
                save(restarted);
            }
            point.interrupted(reason + "; the restorable window restarts after this gap, from a new base backup");
            point.release(released);
        } catch (SQLException | IOException | RuntimeException e) {
            lastProblem = e.getMessage();
            LOG.log(Level.WARNING, "Continuous backup " + point.recoveryPointId() + ": restarting after a gap ("
                    + reason + ") failed: " + e.getMessage());
            return false;
        }
        Thread.ofVirtual().name("hokan-base-after-gap-" + point.recoveryPointId()).start(() -> {
            try {
                baseBackup(ProgressListener.NONE, new FinishSignal());
            } catch (IOException | RuntimeException e) {
                point.interrupted("The base backup after the gap failed (" + e.getMessage() + "); the window opens"
                        + " at the next scheduled backup");
            } catch (InterruptedException e) {
                LOG.info("Base backup after a gap interrupted by shutdown");
            }
        });
        return true;
    }

    private void save(WalStreamState next) {
        state = next;
        Instant latest = next.latestRestorable().orElse(null);
        point.save(next.json(), latest == null ? null : next.earliest().orElseThrow(), latest,
                next.newestBase().map(BaseBackup::snapshotId).orElse(null));
    }

    @Override
    public String location() {
        return server().location();
    }

    @Override
    public void end() {
        close();
        try (ReplicationSession session = ReplicationSession.open(server())) {
            session.dropSlot(slot);
        } catch (SQLException | IOException | RuntimeException e) {
            point.interrupted("Replication slot " + slot + " could not be dropped (" + e.getMessage() + "); drop it"
                    + " with SELECT pg_drop_replication_slot('" + slot + "') so the server frees its WAL");
        }
    }

    @Override
    public void close() {
        stopping = true;
        if (thread == null) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(30));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** The stream cannot go on where it was: the WAL between is lost to the point. */
    private static final class GapException extends Exception {
        GapException(String message) {
            super(message);
        }
    }
}
