package dev.hokan.engine.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A counter family kept in memory since the process started: one running total per set of label values. */
public final class Counter {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> totals = new ConcurrentHashMap<>();

    public Counter(String name, String help, String... labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelNames);
    }

    public void add(long amount, String... labelValues) {
        totals.computeIfAbsent(Labels.values(labelNames, labelValues), k -> new LongAdder()).add(amount);
    }

    /** The total of one set of label values. */
    public long total(String... labelValues) {
        LongAdder total = totals.get(List.of(labelValues));
        return total == null ? 0 : total.sum();
    }

    public void write(PrometheusText out) {
        out.family(name, "counter", help);
        Labels.sorted(totals).forEach((values, total) -> out.sample(name, labelNames, values, total.sum()));
    }
}
