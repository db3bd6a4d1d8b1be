package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.identity.IdentityTx;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The deployment's identity catalog of accounts, identities and the organisation. Every API call needs who signed
 * it, what its policies say and where its account sits, so reads come from an in-memory view; every change goes
 * through {@link #write}, which drops the view, and the next read loads it again. Only this process writes the
 * identity catalog (the data directory is locked), so the view is never stale.
 */
public final class CachedIdentityCatalog {
    private final IdentityCatalog catalog;
    private final AtomicReference<IdentityView> view = new AtomicReference<>();

    public CachedIdentityCatalog(IdentityCatalog catalog) {
        this.catalog = catalog;
    }

    public <T> T write(Function<IdentityTx, T> work) {
        try {
            return catalog.write(work);
        } finally {
            view.set(null);
        }
    }

    public <T> T read(Function<IdentityTx, T> work) {
        return catalog.read(work);
    }

    IdentityView view() {
        IdentityView current = view.get();
        if (current == null) {
            current = catalog.read(IdentityView::load);
            view.compareAndSet(null, current);
        }
        return current;
    }
}
