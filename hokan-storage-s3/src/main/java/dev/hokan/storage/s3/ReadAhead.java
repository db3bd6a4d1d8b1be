package dev.hokan.storage.s3;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Windows of objects recently read by range, so that reading the blobs of a pack one after another (a restore, a
 * copy, a check) costs one GET per window rather than one per blob. A window is kept a few seconds at most, and
 * forgotten at once when this process writes or deletes its object; the vault never rewrites an object it reads by
 * range (packs have random names), so another process's writes cannot make a window stale.
 */
final class ReadAhead {
    static final int WINDOW = 4 * 1024 * 1024;
    private static final int WINDOWS = 8;
    private static final Duration KEPT = Duration.ofSeconds(10);

    private record Key(String bucket, String s3Key, long index) {
    }

    private record Window(byte[] bytes, Instant fetched) {
    }

    /** Fetches {@code length} bytes from {@code offset} of the object, fewer at its end. */
    interface Fetch {
        byte[] range(long offset, int length) throws IOException;
    }

    private final Clock clock;
    private final Map<Key, Window> windows = new LinkedHashMap<>(16, 0.75f, true);

    ReadAhead(Clock clock) {
        this.clock = clock;
    }

    /**
     * Copies {@code length} bytes from {@code offset} of the object into {@code into}, fetching the windows it does
     * not hold; returns how many bytes the object had there (fewer than asked at its end).
     */
    int read(String bucket, String s3Key, long offset, int length, byte[] into, Fetch fetch) throws IOException {
        int done = 0;
        while (done < length) {
            long at = offset + done;
            long index = at / WINDOW;
            Window window = window(new Key(bucket, s3Key, index), index, fetch);
            int from = (int) (at - index * WINDOW);
            int n = Math.min(length - done, window.bytes().length - from);
            if (n <= 0) {
                break;
            }
            System.arraycopy(window.bytes(), from, into, done, n);
            done += n;
            if (window.bytes().length < WINDOW) {
                break;
            }
        }
        return done;
    }

    private Window window(Key key, long index, Fetch fetch) throws IOException {
        synchronized (windows) {
            Window kept = windows.get(key);
            if (kept != null && kept.fetched().plus(KEPT).isAfter(clock.instant())) {
                return kept;
            }
        }
        Window fetched = new Window(fetch.range(index * WINDOW, WINDOW), clock.instant());
        synchronized (windows) {
            windows.put(key, fetched);
            Iterator<Key> oldest = windows.keySet().iterator();
            while (windows.size() > WINDOWS) {
                oldest.next();
                oldest.remove();
            }
        }
        return fetched;
    }

    /** Forgets the windows of an object this process writes or deletes. */
    void forget(String bucket, String s3Key) {
        synchronized (windows) {
            windows.keySet().removeIf(key -> key.bucket().equals(bucket) && key.s3Key().equals(s3Key));
        }
    }
}
