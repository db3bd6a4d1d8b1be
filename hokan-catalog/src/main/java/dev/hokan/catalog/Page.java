package dev.hokan.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** A page of items; {@code next} is null on the last page. */
public record Page<T>(List<T> items, Cursor next) {

    /** A page of a short list held in memory, ordered by a unique string key that the cursor carries. */
    public static <T> Page<T> slice(List<T> all, PageRequest request, Function<T, String> key) {
        List<T> rest = all.stream()
                .filter(t -> request.after() == null || key.apply(t).compareTo(request.after().id()) > 0)
                .sorted(Comparator.comparing(key))
                .toList();
        List<T> items = rest.stream().limit(request.limit()).toList();
        Cursor next = rest.size() > request.limit() ? new Cursor(0, key.apply(items.getLast())) : null;
        return new Page<>(items, next);
    }
}
