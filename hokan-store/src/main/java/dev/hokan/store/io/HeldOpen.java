package dev.hokan.store.io;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Things kept open to be used again (files, directories), by key, at most {@code limit} of them: beyond that the least
 * recently used one is let go. A caller acquires one, uses it and releases it; one let go while in use is closed when
 * its last user releases it, so nothing is closed under a caller. Safe for use by several threads.
 */
public final class HeldOpen<K, V> {
    /** Opens the thing for a key not held; it may acquire others of the same {@code HeldOpen} while it does. */
    @FunctionalInterface
    public interface Opener<K, V> {
        V open(K key) throws IOException;
    }

    /** A thing held open, and how many callers are using it. */
    public static final class Held<V> {
        private final V value;
        private int users;
        private boolean letGo;

        private Held(V value) {
            this.value = value;
        }

        public V value() {
            return value;
        }
    }

    private final int limit;
    private final Consumer<V> close;
    private final LinkedHashMap<K, Held<V>> open = new LinkedHashMap<>(16, 0.75f, true);

    /** @param close closes one thing; it must not throw, as nothing can be done about a failure then */
    public HeldOpen(int limit, Consumer<V> close) {
        this.limit = limit;
        this.close = close;
    }

    /** The thing held for {@code key}, opened by {@code opener} when none is; to be given back with {@link #release}. */
    public synchronized Held<V> acquire(K key, Opener<K, V> opener) throws IOException {
        Held<V> held = open.get(key);
        if (held == null) {
            held = new Held<>(opener.open(key));
            open.put(key, held);
            letGoBeyondLimit();
        }
        held.users++;
        return held;
    }

    public synchronized void release(Held<V> held) {
        held.users--;
        if (held.letGo && held.users == 0) {
            close.accept(held.value);
        }
    }

    /** Lets go of the things whose keys match: each is closed now, or once its last user releases it. */
    public synchronized void letGo(Predicate<K> which) {
        Iterator<Map.Entry<K, Held<V>>> entries = open.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<K, Held<V>> entry = entries.next();
            if (which.test(entry.getKey())) {
                letGo(entry.getValue());
                entries.remove();
            }
        }
    }

    private void letGoBeyondLimit() {
        Iterator<Held<V>> eldest = open.values().iterator();
        while (open.size() > limit && eldest.hasNext()) {
            letGo(eldest.next());
            eldest.remove();
        }
    }

    private void letGo(Held<V> held) {
        held.letGo = true;
        if (held.users == 0) {
            close.accept(held.value);
        }
    }
}
