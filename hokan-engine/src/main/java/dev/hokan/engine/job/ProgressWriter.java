package dev.hokan.engine.job;

import dev.hokan.catalog.CatalogException;
import dev.hokan.store.ProgressListener;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Passes storage progress on to the catalog at most once a second, so progress never slows the copy. Progress that
 * cannot be saved (the catalog is out of reach, or this node lost the job) is skipped: the job goes on, and its
 * lease decides whether it may end here.
 */
final class ProgressWriter implements ProgressListener {
    private static final Logger LOG = Logger.getLogger(ProgressWriter.class.getName());
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final BiConsumer<Long, Long> save;
    private long lastSaved = System.nanoTime();

    ProgressWriter(BiConsumer<Long, Long> save) {
        this.save = save;
    }

    @Override
    public synchronized void progress(long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        if (now - lastSaved >= INTERVAL) {
            lastSaved = now;
            try {
                save.accept(bytesDone, bytesTotal);
            } catch (CatalogException | LeaseLostException e) {
                LOG.fine("Progress not saved: " + e.getMessage());
            }
        }
    }
}
