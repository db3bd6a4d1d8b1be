package dev.hokan.engine.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gauge families read from the catalogs while a scrape runs; each cell adds its series, then all are written. */
public final class Gauges {
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String help, List<String> labelNames, Map<List<String>, Double> series) {
    }

    /** Declares a family; declaring it again (another cell) keeps the first declaration. */
    public void family(String name, String help, String... labelNames) {
        families.putIfAbsent(name, new Family(help, List.of(labelNames), new LinkedHashMap<>()));
    }

    public void set(String name, double value, String... labelValues) {
        Family family = families.get(name);
        family.series().put(Labels.values(family.labelNames(), labelValues), value);
    }

    void write(PrometheusText out) {
        families.forEach((name, family) -> {
            out.family(name, "gauge", family.help());
            Labels.sorted(family.series()).forEach((values, value) ->
                    out.sample(name, family.labelNames(), values, value));
        });
    }
}
