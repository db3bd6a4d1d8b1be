package dev.hokan.store;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.io.Decoder;
import dev.hokan.store.io.Encoder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One garbage collection at a time on a vault, whichever host runs it: {@code locks/gc}, created with put-if-absent,
 * names its holder and the moment its lease ends. The holder renews the lease while it runs, so a lock whose lease
 * has ended was left by a holder that stopped (a crashed host on shared storage) and is taken over; so is a lock
 * whose holder on this host is a dead process.
 */
final class GcLock implements AutoCloseable {
    static final String KEY = "locks/gc";
    static final Duration LEASE = Duration.ofHours(1);

    private final BlobStore store;
    private final Clock clock;
    private final Duration lease;
    private final ScheduledFuture<?> renewal;
    private boolean released;

    /** Who holds the lock and until when; a lock written before leases existed has none and never ends. */
    record Holder(String host, long pid, Instant leaseEnds) {
        static Holder self(Instant leaseEnds) {
            return new Holder(Vault.host(), ProcessHandle.current().pid(), leaseEnds);
        }

        byte[] encode() {
            return new Encoder().string(host).varlong(pid).signed(leaseEnds.toEpochMilli()).toBytes();
        }

        static Holder decode(byte[] encoded) throws IOException {
            Decoder in = new Decoder(encoded, "garbage collection lock");
            String host = in.string();
            long pid = in.varlong();
            return new Holder(host, pid, in.hasMore() ? Instant.ofEpochMilli(in.signed()) : Instant.MAX);
        }

        boolean stopped(Instant now) {
            return !leaseEnds.isAfter(now)
                    || host.equals(Vault.host()) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private GcLock(BlobStore store, Clock clock, Duration lease) {
        this.store = store;
        this.clock = clock;
        this.lease = lease;
        long every = lease.toMillis() / 6;
        this.renewal = Sessions.REFRESHER.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    static GcLock acquire(BlobStore store, Clock clock) throws IOException {
        return acquire(store, clock, LEASE);
    }

    static GcLock acquire(BlobStore store, Clock clock, Duration lease) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (store.putIfAbsent(KEY, Holder.self(clock.instant().plus(lease)).encode())) {
                return new GcLock(store, clock, lease);
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
            store.put(KEY, Holder.self(clock.instant().plus(lease)).encode());
        } catch (IOException e) {
            // a missed renewal is caught up by the next one, well before the lease ends
        }
    }

    @Override
    public synchronized void close() throws IOException {
        released = true;
        renewal.cancel(false);
        store.delete(KEY);
    }
}
