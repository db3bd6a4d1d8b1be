package dev.hokan.store;

/** Receives progress of long operations; {@code bytesTotal} may grow while the source is still being counted. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long bytesDone, long bytesTotal);
}
