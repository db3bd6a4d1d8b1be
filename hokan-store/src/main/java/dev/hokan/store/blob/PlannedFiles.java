package dev.hokan.store.blob;

import dev.hokan.store.io.HeldOpen;
import dev.hokan.store.posix.SharedReadFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a local store that announced reads name ({@link BlobStore#plan}), kept open while those reads go on:
 * a restore of small files reads tens of thousands of chunks from a few packs, and opening the pack for each read
 * cost an open, an fstat and a close every time. Beyond {@link #LIMIT} open files the least recently used one is
 * closed, once no read is using it, and all are closed when the plans that announced them end. Only announced
 * objects are kept open: they are packs, which never change under their name, so a channel opened before garbage
 * collection deleted one still reads what the reader located there. A reader that is interrupted does not close the file
 * under the others ({@link SharedReadFile}).
 */
final class PlannedFiles {
    static final int LIMIT = 32;

    private final Map<Path, Integer> announced = new HashMap<>();
    private final HeldOpen<Path, SharedReadFile> open = new HeldOpen<>(LIMIT, SharedReadFile::close);

    /** Announces the files; they stay announced until the returned plan is closed. */
    ReadPlan announce(List<Path> files) {
        synchronized (this) {
            files.forEach(file -> announced.merge(file, 1, Integer::sum));
        }
        return new ReadPlan() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (PlannedFiles.this) {
                    if (!closed) {
                        closed = true;
                        files.forEach(file -> announced.computeIfPresent(file, (f, n) -> n == 1 ? null : n - 1));
                        open.letGo(file -> !announced.containsKey(file));
                    }
                }
            }
        };
    }

    /**
     * The open file for a read of an announced file, to be given back with {@link #release}; null when the file was
     * not announced, and the read opens it itself.
     */
    synchronized HeldOpen.Held<SharedReadFile> acquire(Path file) throws IOException {
        return announced.containsKey(file) ? open.acquire(file, SharedReadFile::open) : null;
    }

    void release(HeldOpen.Held<SharedReadFile> file) {
        open.release(file);
    }
}
