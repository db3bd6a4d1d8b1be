package dev.hokan.engine.job;

import dev.hokan.store.ProgressListener;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** Passes storage progress on to the catalog at most once a second, so progress never slows the copy. */
final class ProgressWriter implements ProgressListener {
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
            save.accept(bytesDone, bytesTotal);
        }
    }
}
