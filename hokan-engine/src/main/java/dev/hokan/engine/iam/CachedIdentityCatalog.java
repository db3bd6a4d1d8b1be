package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.identity.IdentityTx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The deployment's identity catalog of accounts, identities and the organisation. Every API call needs who signed
 * it, what its policies say and where its account sits, so reads come from an in-memory view. Every change goes
 * through {@link #write}, which counts a revision of the catalog in the same transaction; a read checks the
 * revision, one small query, and loads the view again when another node (sharing a PostgreSQL catalog) or this one
 * changed the catalog since, so a key revoked through any node is refused by every node at once. An API call checks
 * it once, when it starts ({@link #reading}), and looks everything up in that view to its end.
 */
public final class CachedIdentityCatalog {
    private static final String REVISION = "identity.revision";

    private final IdentityCatalog catalog;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final ScopedValue<Reading> pinned = ScopedValue.newInstance();
    private final LongAdder reads = new LongAdder();
    /** The check that has not started yet, which callers arriving now join; null when none is waiting. */
    private final Object nextCheckLock = new Object();
    private CompletableFuture<Loaded> nextCheck;
    /** Checks run one at a time, so that the callers arriving during one gather for the next. */
    private final ReentrantLock runningCheck = new ReentrantLock();

    private record Loaded(long revision, IdentityView view) {
    }

    public CachedIdentityCatalog(IdentityCatalog catalog) {
        this.catalog = catalog;
    }

    public <T> T write(Function<IdentityTx, T> work) {
        try {
            return catalog.write(tx -> {
                T result = work.apply(tx);
                tx.settings().putMap(REVISION, Map.of("n", Long.toString(revision(tx) + 1)));
                return result;
            });
        } finally {
            loaded.set(null);
            if (pinned.isBound()) {
                // the call that changed the catalog sees its change
                pinned.get().view = null;
            }
        }
    }

    /**
     * Changes tables the view does not hold (the console's sessions): no new revision, so no node loads its view
     * again for it.
     */
    public <T> T writeOutsideView(Function<IdentityTx, T> work) {
        return catalog.write(work);
    }

    public <T> T read(Function<IdentityTx, T> work) {
        return catalog.read(work);
    }

    /** The catalog as it is now, checked once, for the lookups of one API call ({@link Reading#call}). */
    public Reading reading() {
        return new Reading(current());
    }

    /** How many times this node read the catalog for its view (a revision check, with a load when it changed). */
    public long reads() {
        return reads.sum();
    }

    IdentityView view() {
        if (!pinned.isBound()) {
            return current();
        }
        Reading reading = pinned.get();
        IdentityView view = reading.view;
        if (view == null) {
            view = current();
            reading.view = view;
        }
        return view;
    }

    /**
     * The view as of a check that started after this call: callers arriving while a check is under way wait for the
     * next one and share it, so concurrent API calls on a catalog across the network cost one revision query per
     * round trip rather than one each, and each still sees every change committed before it arrived.
     */
    private IdentityView current() {
        CompletableFuture<Loaded> shared;
        boolean runsIt;
        synchronized (nextCheckLock) {
            runsIt = nextCheck == null;
            if (runsIt) {
                nextCheck = new CompletableFuture<>();
            }
            shared = nextCheck;
        }
        if (!runsIt) {
            try {
                return shared.join().view();
            } catch (CompletionException e) {
                // the failure of the shared check is this caller's too, as its own check's would be
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        runningCheck.lock();
        try {
            synchronized (nextCheckLock) {
                nextCheck = null;
            }
            Loaded now = check();
            shared.complete(now);
            return now.view();
        } catch (RuntimeException | Error e) {
            shared.completeExceptionally(e);
            throw e;
        } finally {
            runningCheck.unlock();
        }
    }

    private Loaded check() {
        reads.increment();
        Loaded known = loaded.get();
        Loaded now = catalog.read(tx -> {
            long revision = revision(tx);
            return known != null && known.revision() == revision ? known : new Loaded(revision, IdentityView.load(tx));
        });
        if (now != known) {
            loaded.set(now);
        }
        return now;
    }

    private static long revision(IdentityTx tx) {
        return tx.settings().map(REVISION).map(m -> Long.parseLong(m.get("n"))).orElse(0L);
    }

    /** One check of the catalog, which the lookups of the work {@link #call} runs see. */
    public final class Reading {
        private volatile IdentityView view;

        private Reading(IdentityView view) {
            this.view = view;
        }

        /** Runs {@code work} (on this thread) with every lookup of the identity catalog answered from this reading. */
        public <T, X extends Throwable> T call(ScopedValue.CallableOp<T, X> work) throws X {
            return ScopedValue.where(pinned, this).call(work);
        }
    }
}
