package dev.hokan.store.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a local store that announced reads name ({@link BlobStore#plan}), kept open while those reads go on:
 * a restore of small files reads tens of thousands of chunks from a few packs, and opening the pack for each read
 * cost an open, an fstat and a close every time. Beyond {@link #LIMIT} open files the least recently used one is
 * closed, once no read is using it, and all are closed when the plans that announced them end. Only announced
 * objects are kept open: they are packs, which never change under their name, so a channel opened before garbage
 * collection deleted one still reads what the reader located there.
 */
final class PlannedFiles {
    static final int LIMIT = 32;

    /** An open file and how many reads are using it. */
    static final class OpenFile {
        final FileChannel channel;
        final long size;
        private int readers;
        private boolean retired;

        private OpenFile(FileChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size();
        }
    }

    private final Map<Path, Integer> announced = new HashMap<>();
    private final LinkedHashMap<Path, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);

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
                        closeUnannounced();
                    }
                }
            }
        };
    }

    /**
     * The open file for a read of an announced file, to be given back with {@link #release}; null when the file was
     * not announced, and the read opens it itself.
     */
    synchronized OpenFile acquire(Path file) throws IOException {
        if (!announced.containsKey(file)) {
            return null;
        }
        OpenFile found = open.get(file);
        if (found == null) {
            found = new OpenFile(FileChannel.open(file, StandardOpenOption.READ));
            open.put(file, found);
            closeBeyondLimit();
        }
        found.readers++;
        return found;
    }

    synchronized void release(OpenFile file) {
        file.readers--;
        if (file.retired && file.readers == 0) {
            close(file);
        }
    }

    private void closeBeyondLimit() {
        Iterator<OpenFile> eldest = open.values().iterator();
        while (open.size() > LIMIT && eldest.hasNext()) {
            retire(eldest.next());
            eldest.remove();
        }
    }

    private void closeUnannounced() {
        Iterator<Map.Entry<Path, OpenFile>> entries = open.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Path, OpenFile> entry = entries.next();
            if (!announced.containsKey(entry.getKey())) {
                retire(entry.getValue());
                entries.remove();
            }
        }
    }

    private static void retire(OpenFile file) {
        file.retired = true;
        if (file.readers == 0) {
            close(file);
        }
    }

    /** Closing a file only read from cannot lose anything: a failure to close must not fail a read. */
    private static void close(OpenFile file) {
        try {
            file.channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
