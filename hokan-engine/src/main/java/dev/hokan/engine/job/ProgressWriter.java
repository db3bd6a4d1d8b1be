package dev.hokan.engine.job;

import dev.hokan.catalog.CatalogException;
import dev.hokan.store.ProgressListener;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Passes storage progress on to the catalog at most once a second, so progress never slows the copy: the bytes done,
 * and for a restore the files it completed in walk order, its checkpoint. Progress that cannot be saved (the catalog is
 * out of reach, or this node lost the job) is skipped: the job goes on, and its lease decides whether it may end here.
 */
final class ProgressWriter implements ProgressListener {
    private static final Logger LOG = Logger.getLogger(ProgressWriter.class.getName());
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);

    /** Saves where a job stands. */
    @FunctionalInterface
    interface Save {
        /** @param filesComplete the files a restore completed in walk order, 0 before the first or for another job */
        void save(long bytesDone, long bytesTotal, long filesComplete);
    }

    private final Save save;
    private long lastSaved = System.nanoTime();
    private long bytesDone;
    private long bytesTotal;
    private long filesComplete;

    ProgressWriter(Save save) {
        this.save = save;
    }

    @Override
    public synchronized void progress(long bytesDone, long bytesTotal) {
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        saveIfDue();
    }

    @Override
    public synchronized void filesComplete(long files) {
        filesComplete = files;
        saveIfDue();
    }

    private void saveIfDue() {
        long now = System.nanoTime();
        if (now - lastSaved >= INTERVAL) {
            lastSaved = now;
            try {
                save.save(bytesDone, bytesTotal, filesComplete);
            } catch (CatalogException | LeaseLostException e) {
                LOG.fine("Progress not saved: " + e.getMessage());
            }
        }
    }
}
