package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.identity.IdentityTx;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The deployment's identity catalog of accounts, identities and the organisation. Every API call needs who signed
 * it, what its policies say and where its account sits, so reads come from an in-memory view. Every change goes
 * through {@link #write}, which counts a revision of the catalog in the same transaction; a read checks the
 * revision, one small query, and loads the view again when another node (sharing a PostgreSQL catalog) or this one
 * changed the catalog since, so a key revoked through any node is refused by every node at once.
 */
public final class CachedIdentityCatalog {
    private static final String REVISION = "identity.revision";

    private final IdentityCatalog catalog;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();

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
        }
    }

    public <T> T read(Function<IdentityTx, T> work) {
        return catalog.read(work);
    }

    IdentityView view() {
        Loaded current = loaded.get();
        if (current != null && current.revision() == catalog.read(CachedIdentityCatalog::revision)) {
            return current.view();
        }
        Loaded fresh = catalog.read(tx -> new Loaded(revision(tx), IdentityView.load(tx)));
        loaded.set(fresh);
        return fresh.view();
    }

    private static long revision(IdentityTx tx) {
        return tx.settings().map(REVISION).map(m -> Long.parseLong(m.get("n"))).orElse(0L);
    }
}
