package dev.hokan.engine.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Label values of a family's series: one per label name, never null; series are written in their order. */
final class Labels {
    private static final Comparator<List<String>> ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private Labels() {
    }

    static List<String> values(List<String> names, String... values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException("Labels " + names + " need " + names.size() + " values, got "
                    + values.length);
        }
        return List.of(values);
    }

    static <T> SortedMap<List<String>, T> sorted(Map<List<String>, T> series) {
        SortedMap<List<String>, T> sorted = new TreeMap<>(ORDER);
        sorted.putAll(series);
        return sorted;
    }
}
