package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.catalog.identity.IdentityTx;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The deployment's directory of accounts, identities and the organisation. Every API call needs who signed it, what
 * its policies say and where its account sits, so reads come from an in-memory view; every change goes through
 * {@link #write}, which drops the view, and the next read loads it again. Only this process writes the directory
 * (the data directory is locked), so the view is never stale.
 */
public final class Directory {
    private final IdentityCatalog catalog;
    private final AtomicReference<DirectoryView> view = new AtomicReference<>();

    public Directory(IdentityCatalog catalog) {
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

    DirectoryView view() {
        DirectoryView current = view.get();
        if (current == null) {
            current = catalog.read(DirectoryView::load);
            view.compareAndSet(null, current);
        }
        return current;
    }
}
