package dev.hokan.store;

/** Receives progress of long operations; {@code bytesTotal} may grow while the source is still being counted. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void progress(long bytesDone, long bytesTotal) {
        }

        @Override
        public boolean showsTotal() {
            return false;
        }
    };

    void progress(long bytesDone, long bytesTotal);

    /**
     * A restore has completed, content and metadata, the first {@code files} files in the order it walks the snapshot:
     * what a later run of it may resume from ({@link dev.hokan.store.restore.RestoreCheckpoint}). Called as the number
     * grows, from any thread.
     */
    default void filesComplete(long files) {
    }

    /** Whether the total matters to this listener; when it does not, a backup need not count its source first. */
    default boolean showsTotal() {
        return true;
    }
}
