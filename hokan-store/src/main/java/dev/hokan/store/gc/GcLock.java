package dev.hokan.store.gc;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import dev.hokan.store.parts.Sessions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One garbage collection at a time on a vault, whichever host runs it: {@code locks/gc}, created with put-if-absent,
 * names its holder and the moment its lease ends. The holder renews the lease while it runs, so a lock whose lease
 * has ended was left by a holder that stopped (a crashed host on shared storage) and is taken over; so is a lock
 * whose holder on this host is a dead process. A holder that finds the lock taken over (it was paused past its
 * lease) neither renews nor deletes it: each holder carries a token of its own.
 */
final class GcLock implements AutoCloseable {
    static final String KEY = "locks/gc";
    static final Duration LEASE = Duration.ofHours(1);

    private final BlobStore store;
    private final Clock clock;
    private final Duration lease;
    private final long token = ThreadLocalRandom.current().nextLong();
    private ScheduledFuture<?> renewal;
    private boolean released;

    /**
     * Who holds the lock, until when, and the holder's token; a lock written before leases existed has no lease (it
     * never ends) and no token.
     */
    record Holder(String host, long pid, Instant leaseEnds, long token) {
        static Holder self(Instant leaseEnds, long token) {
            return new Holder(Sessions.host(), ProcessHandle.current().pid(), leaseEnds, token);
        }

        byte[] encode() {
            return new Encoder().string(host).varlong(pid).signed(leaseEnds.toEpochMilli()).signed(token).toBytes();
        }

        static Holder decode(byte[] encoded) throws IOException {
            Decoder in = new Decoder(encoded, "garbage collection lock");
            String host = in.string();
            long pid = in.varlong();
            Instant leaseEnds = in.hasMore() ? Instant.ofEpochMilli(in.signed()) : Instant.MAX;
            return new Holder(host, pid, leaseEnds, in.hasMore() ? in.signed() : 0);
        }

        boolean stopped(Instant now) {
            return !leaseEnds.isAfter(now)
                    || host.equals(Sessions.host()) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private GcLock(BlobStore store, Clock clock, Duration lease) {
        this.store = store;
        this.clock = clock;
        this.lease = lease;
    }

    private long every() {
        return lease.toMillis() / 6;
    }

    private Holder holder() {
        return Holder.self(clock.instant().plus(lease), token);
    }

    private boolean stillOurs() throws IOException {
        try {
            return Holder.decode(store.get(KEY)).token() == token;
        } catch (FileNotFoundException gone) {
            return false;
        }
    }

    static GcLock acquire(BlobStore store, Clock clock) throws IOException {
        return acquire(store, clock, LEASE);
    }

    static GcLock acquire(BlobStore store, Clock clock, Duration lease) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            GcLock lock = new GcLock(store, clock, lease);
            if (store.putIfAbsent(KEY, lock.holder().encode())) {
                lock.renewal = Sessions.REFRESHER.scheduleAtFixedRate(lock::renew, lock.every(), lock.every(),
                        TimeUnit.MILLISECONDS);
                return lock;
            }
            try {
                Holder holder = Holder.decode(store.get(KEY));
                if (!holder.stopped(clock.instant())) {
                    throw new IOException("another garbage collection is running on " + holder.host() + " (pid "
                            + holder.pid() + ")");
                }
                store.delete(KEY);
            } catch (FileNotFoundException released) {
                // released between our attempt and the read: try again
            }
        }
        throw new IOException("could not take the garbage collection lock");
    }

    private synchronized void renew() {
        if (released) {
            return;
        }
        try {
            if (stillOurs()) {
                store.put(KEY, holder().encode());
            } else {
                released = true;
                renewal.cancel(false);
            }
        } catch (IOException e) {
            // a missed renewal is caught up by the next one, well before the lease ends
        }
    }

    @Override
    public synchronized void close() throws IOException {
        boolean ours = !released && stillOurs();
        released = true;
        renewal.cancel(false);
        if (ours) {
            store.delete(KEY);
        }
    }
}
