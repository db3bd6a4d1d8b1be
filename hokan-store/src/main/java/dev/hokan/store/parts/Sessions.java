package dev.hokan.store.parts;

import dev.hokan.store.ObjectId;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who is using a vault right now: every backup, copy, restore and check registers a session object
 * under {@code sessions/} for its duration. Sessions are not locks; garbage collection only waits for
 * the sessions that were running when it condemned packs before deleting them (see docs/gc.md).
 * A session whose process died on this host is recognised as over; sessions of other hosts count as
 * over when not refreshed for {@link #STALE_AFTER_SECONDS}.
 */
public final class Sessions {
    static final String PREFIX = "sessions/";
    static final long STALE_AFTER_SECONDS = 3600;
    private static final long REFRESH_SECONDS = STALE_AFTER_SECONDS / 6;
    /** Renews what other hosts read as a heartbeat: sessions here, the garbage collection lock's lease. */
    public static final ScheduledExecutorService REFRESHER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("hokan-session-refresh").factory());
    private static final String HOST = host();
    private final BlobStore store;

    public Sessions(BlobStore store) {
        this.store = store;
    }

    record Session(String id, String host, long pid, Instant processStart, String purpose) {
    }

    public final class Registration implements AutoCloseable {
        private final String id;
        private final ScheduledFuture<?> refresh;
        private boolean closed;

        private Registration(String id, byte[] encoded) {
            this.id = id;
            // Rewriting the object renews its modification time, which other hosts read as a heartbeat.
            this.refresh = REFRESHER.scheduleAtFixedRate(() -> heartbeat(encoded), REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        }

        private synchronized void heartbeat(byte[] encoded) {
            if (closed) {
                return;
            }
            try {
                store.put(PREFIX + id, encoded);
            } catch (IOException e) {
                // a missed heartbeat is caught up by the next one
            }
        }

        String id() {
            return id;
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            refresh.cancel(false);
            store.delete(PREFIX + id);
        }
    }

    public Registration register(String purpose) throws IOException {
        String id = ObjectId.random().hex();
        ProcessHandle self = ProcessHandle.current();
        Instant start = self.info().startInstant().orElse(Instant.EPOCH);
        byte[] encoded = new Encoder().string(HOST).varlong(self.pid()).signed(start.toEpochMilli()).string(purpose).toBytes();
        store.put(PREFIX + id, encoded);
        return new Registration(id, encoded);
    }

    /** IDs of the sessions that are still running. */
    public List<String> live(Instant now) throws IOException {
        List<String> live = new ArrayList<>();
        for (var info : store.list(PREFIX)) {
            String id = info.key().substring(PREFIX.length());
            Optional<Session> session = read(id);
            if (session.isEmpty()) {
                continue;
            }
            Session s = session.get();
            boolean alive = s.host().equals(HOST)
                    ? ProcessHandle.of(s.pid()).flatMap(p -> p.info().startInstant())
                            .map(start -> start.toEpochMilli() == s.processStart().toEpochMilli()).orElse(false)
                    : info.modified().plusSeconds(STALE_AFTER_SECONDS).isAfter(now);
            if (alive) {
                live.add(id);
            } else {
                store.delete(PREFIX + id);
            }
        }
        return live;
    }

    private Optional<Session> read(String id) throws IOException {
        try {
            Decoder in = new Decoder(store.get(PREFIX + id), "session " + id);
            return Optional.of(new Session(id, in.string(), in.varlong(), Instant.ofEpochMilli(in.signed()), in.string()));
        } catch (java.io.FileNotFoundException ended) {
            return Optional.empty();
        }
    }

    /** The name of the host this process runs on, which sessions and the garbage collection lock record. */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
