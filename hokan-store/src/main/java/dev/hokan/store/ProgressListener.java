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

    /** Whether the total matters to this listener; when it does not, a backup need not count its source first. */
    default boolean showsTotal() {
        return true;
    }
}
