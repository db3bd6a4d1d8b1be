package dev.hokan.engine.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Families read from the cells while a scrape runs, gauges mostly; each cell adds its series, then all are written.
 */
public final class Gauges {
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String type, String help, List<String> labelNames, Map<List<String>, Double> series) {
    }

    /** Declares a gauge family; declaring it again (another cell) keeps the first declaration. */
    public void family(String name, String help, String... labelNames) {
        families.putIfAbsent(name, new Family("gauge", help, List.of(labelNames), new LinkedHashMap<>()));
    }

    /** Declares a family of counters that a cell keeps itself and the scrape reads. */
    public void counterFamily(String name, String help, String... labelNames) {
        families.putIfAbsent(name, new Family("counter", help, List.of(labelNames), new LinkedHashMap<>()));
    }

    public void set(String name, double value, String... labelValues) {
        Family family = families.get(name);
        family.series().put(Labels.values(family.labelNames(), labelValues), value);
    }

    void write(PrometheusText out) {
        families.forEach((name, family) -> {
            out.family(name, family.type(), family.help());
            Labels.sorted(family.series()).forEach((values, value) ->
                    out.sample(name, family.labelNames(), values, value));
        });
    }
}
