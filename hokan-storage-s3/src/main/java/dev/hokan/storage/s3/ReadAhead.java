package dev.hokan.storage.s3;

import dev.hokan.store.blob.ReadPlan;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Windows of objects recently read by range, so that reading the blobs of a pack one after another (a restore, a
 * copy, a check) costs one GET per window rather than one per blob. A reader going through an object in order (or
 * starting at its beginning) has the next windows fetched ahead, several at once, while it works on the current one,
 * and readers needing a window being fetched wait for that fetch rather than making their own. A reader that announced
 * what it will read ({@link #plan}, a restore) has the next windows of its plan fetched ahead instead, across objects,
 * so that the next packs arrive while it works on the current one. A window is kept a few seconds at most, and
 * forgotten at once when this process writes or deletes its object; the vault never rewrites an object it reads by range (packs have random
 * names), so another process's writes cannot make a window stale.
 * <p>
 * Readers copy out of a window under the lock, so that the buffer of a window forgotten is used again for the next
 * one: a new array for every window grew a restore's heap by the size of all it read (the serial collector promotes
 * arrays that large at once, and the commands' old generation grew rather than being collected). Windows past their
 * time are let go of a little later, and the spare buffers once no window is kept: a server held the last windows it
 * read and as many spares, up to 192 MiB, until its next read.
 */
final class ReadAhead {
    /**
     * A quarter of the largest pack: a pack is closed at the first blob that takes it to 32 MiB, so its blobs end
     * before about 34 MiB (one more chunk of at most 2 MiB). With {@link #AHEAD} windows fetched at once, a reader at
     * a pack's start has all of it requested once its first window is in, in four GETs. Windows of 8 MiB took a fifth
     * GET for the last few hundred KiB of most packs; 4 MiB windows took nine, each one's latency paid.
     */
    static final int WINDOW = 8 * 1024 * 1024 + 512 * 1024;
    /** How many windows past the current one are fetched for a reader going in order: a whole pack. */
    static final int AHEAD = 4;
    /**
     * How many windows past the furthest one read a plan has fetched or held: two packs, so that the next packs are
     * under way while the current one is written.
     */
    static final int PLANNED_AHEAD = 8;
    /** At most this many windows' buffers are held: 102 MiB, three packs. */
    private static final int WINDOWS = 12;
    private static final Duration KEPT = Duration.ofSeconds(10);
    private static final ExecutorService FETCHERS = Executors.newVirtualThreadPerTaskExecutor();

    private record Key(String bucket, String s3Key, long index) {
        Key at(long other) {
            return new Key(bucket, s3Key, other);
        }
    }

    /** Part of an object, the first {@code length} bytes of {@code bytes}; the object's size is -1 when unknown. */
    record Range(byte[] bytes, int length, long objectSize) {
    }

    private record Window(CompletableFuture<Range> range, Instant started) {
    }

    /** Fetches {@code into.length} bytes from {@code offset} of the object into {@code into}, fewer at its end. */
    interface Fetch {
        Range range(long offset, byte[] into) throws IOException;
    }

    /** An object the windows of a plan are fetched from, and how. */
    record Source(String s3Key, Fetch fetch) {
    }

    /** Part of an object a reader will read. */
    record Extent(Source source, long offset, int length) {
    }

    private final Clock clock;
    private final Map<Key, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    /** The plans announced and not yet closed, guarded by {@link #windows}. */
    private final List<Plan> plans = new ArrayList<>();
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(WINDOWS);
    private final Duration kept;
    /** Whether {@link #trim} is due, guarded by {@link #windows}. */
    private boolean trimDue;

    ReadAhead(Clock clock) {
        this(clock, KEPT);
    }

    ReadAhead(Clock clock, Duration kept) {
        this.clock = clock;
        this.kept = kept;
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
            int from = (int) (at - index * WINDOW);
            int copied = copy(new Key(bucket, s3Key, index), from, into, done, length - done, fetch);
            if (copied <= 0) {
                break;
            }
            done += copied;
            if (from + copied < WINDOW) {
                break;
            }
        }
        return done;
    }

    /**
     * Copies up to {@code length} bytes from {@code from} in the window into {@code into}; -1 when the window ends
     * before. A window forgotten while this reader waited for it is fetched again.
     */
    private int copy(Key key, int from, byte[] into, int at, int length, Fetch fetch) throws IOException {
        while (true) {
            Window window = window(key, fetch);
            synchronized (windows) {
                if (windows.get(key) == window) {
                    Range range = window.range().join();
                    int n = Math.min(length, range.length() - from);
                    if (n > 0) {
                        System.arraycopy(range.bytes(), from, into, at, n);
                    }
                    return n > 0 ? n : -1;
                }
            }
        }
    }

    private Window window(Key key, Fetch fetch) throws IOException {
        Window window;
        boolean mine;
        boolean inOrder;
        List<Planned> planned = new ArrayList<>();
        synchronized (windows) {
            window = windows.get(key);
            mine = window == null || !fresh(window);
            if (mine) {
                window = keep(key);
            }
            boolean inPlan = false;
            for (Plan plan : plans) {
                inPlan |= plan.reached(key, planned);
            }
            inOrder = !inPlan && (key.index() == 0 || windows.containsKey(key.at(key.index() - 1)));
        }
        start(planned);
        if (mine) {
            fill(key, window, fetch);
        }
        Range range = await(window);
        if (inOrder && range.objectSize() >= 0) {
            fetchAhead(key, range.objectSize(), fetch);
        }
        return window;
    }

    /**
     * Announces the parts of objects a reader will read, in order: from then on, the first {@link #PLANNED_AHEAD}
     * windows of the plan past the furthest one read are being fetched or held.
     */
    ReadPlan plan(String bucket, List<Extent> reads) {
        List<Map.Entry<Key, Source>> order = new ArrayList<>();
        for (Extent read : reads) {
            for (long index = read.offset() / WINDOW; index * WINDOW < read.offset() + read.length(); index++) {
                Key key = new Key(bucket, read.source().s3Key(), index);
                if (order.isEmpty() || !order.getLast().getKey().equals(key)) {
                    order.add(Map.entry(key, read.source()));
                }
            }
        }
        Plan plan = new Plan(order);
        List<Planned> planned = new ArrayList<>();
        synchronized (windows) {
            plans.add(plan);
            plan.advance(-1, planned);
        }
        start(planned);
        return plan;
    }

    /** A window a plan has fetched ahead. */
    private record Planned(Key key, Window window, Fetch fetch) {
    }

    private void start(List<Planned> planned) {
        for (Planned next : planned) {
            FETCHERS.execute(() -> fill(next.key(), next.window(), next.fetch()));
        }
    }

    /**
     * The windows of an announced read, in the order of their use; guarded by {@link #windows}. A window read again
     * after others (a chunk stored once and restored for two files) is in the plan again, so that the windows after
     * it are fetched ahead there too.
     */
    private final class Plan implements ReadPlan {
        private final List<Map.Entry<Key, Source>> order;
        private final Map<Key, List<Integer>> positions = new HashMap<>();
        private int reached = -1;

        Plan(List<Map.Entry<Key, Source>> order) {
            this.order = order;
            for (int i = 0; i < order.size(); i++) {
                positions.computeIfAbsent(order.get(i).getKey(), key -> new ArrayList<>()).add(i);
            }
        }

        /**
         * Whether the window is in the plan. Its place is the next one past the furthest read yet when that one is
         * among the windows fetched ahead, or else one not far behind it (readers work on a few windows at once); when
         * the place is further, what to fetch now goes to {@code planned}.
         */
        boolean reached(Key key, List<Planned> planned) {
            List<Integer> places = positions.get(key);
            if (places == null) {
                return false;
            }
            boolean behind = false;
            for (int position : places) {
                if (position > reached) {
                    if (!behind || position <= reached + PLANNED_AHEAD) {
                        advance(position, planned);
                    }
                    break;
                }
                behind |= position > reached - WINDOWS;
            }
            return true;
        }

        void advance(int position, List<Planned> planned) {
            reached = position;
            for (int i = position + 1; i <= position + PLANNED_AHEAD && i < order.size(); i++) {
                Key next = order.get(i).getKey();
                Window kept = windows.get(next);
                if (kept == null || !fresh(kept)) {
                    planned.add(new Planned(next, keep(next), order.get(i).getValue().fetch()));
                }
            }
        }

        @Override
        public void close() {
            synchronized (windows) {
                plans.remove(this);
            }
        }
    }

    /** Starts fetching the windows after {@code key} that the object has and nobody fetched yet. */
    private void fetchAhead(Key key, long objectSize, Fetch fetch) {
        List<Map.Entry<Key, Window>> started = new ArrayList<>();
        synchronized (windows) {
            for (long index = key.index() + 1; index <= key.index() + AHEAD && index * WINDOW < objectSize; index++) {
                Key next = key.at(index);
                Window kept = windows.get(next);
                if (kept == null || !fresh(kept)) {
                    started.add(Map.entry(next, keep(next)));
                }
            }
        }
        for (Map.Entry<Key, Window> next : started) {
            FETCHERS.execute(() -> fill(next.getKey(), next.getValue(), fetch));
        }
    }

    private boolean fresh(Window window) {
        return window.started().plus(kept).isAfter(clock.instant());
    }

    /** A new window under {@code key}, holding the lock; the oldest go beyond the limit. */
    private Window keep(Key key) {
        Window window = new Window(new CompletableFuture<>(), clock.instant());
        reuse(windows.put(key, window));
        Iterator<Window> oldest = windows.values().iterator();
        while (windows.size() > WINDOWS) {
            reuse(oldest.next());
            oldest.remove();
        }
        if (!trimDue) {
            trimDue = true;
            trimLater();
        }
        return window;
    }

    private void trimLater() {
        CompletableFuture.delayedExecutor(kept.toMillis(), TimeUnit.MILLISECONDS, FETCHERS).execute(this::trim);
    }

    /** Lets go of the windows past their time, and of the spare buffers once no window is left. */
    private void trim() {
        synchronized (windows) {
            windows.values().removeIf(window -> {
                boolean past = window.range().isDone() && !fresh(window);
                if (past) {
                    reuse(window);
                }
                return past;
            });
            if (windows.isEmpty()) {
                spare.clear();
                trimDue = false;
            } else {
                trimLater();
            }
        }
    }

    /** Takes the buffer of a window no longer kept for the next one, holding the lock; one being fetched keeps it. */
    private void reuse(Window gone) {
        if (gone != null && gone.range().isDone() && !gone.range().isCompletedExceptionally()) {
            spare.offer(gone.range().join().bytes());
        }
    }

    /** Fetches the window; a failed fetch is not kept, so that the next reader tries again. */
    private void fill(Key key, Window window, Fetch fetch) {
        byte[] buffer = spare.poll();
        try {
            Range range = fetch.range(key.index() * WINDOW, buffer != null ? buffer : new byte[WINDOW]);
            synchronized (windows) {
                window.range().complete(range);
                if (windows.get(key) != window) {
                    reuse(window);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // an Error too: the readers of a window never completed would wait for it forever
            synchronized (windows) {
                windows.remove(key, window);
            }
            window.range().completeExceptionally(e);
        }
    }

    private static Range await(Window window) throws IOException {
        try {
            return window.range().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Forgets the windows of an object this process writes or deletes. */
    void forget(String bucket, String s3Key) {
        synchronized (windows) {
            windows.entrySet().removeIf(entry -> {
                boolean gone = entry.getKey().bucket().equals(bucket) && entry.getKey().s3Key().equals(s3Key);
                if (gone) {
                    reuse(entry.getValue());
                }
                return gone;
            });
        }
    }
}
