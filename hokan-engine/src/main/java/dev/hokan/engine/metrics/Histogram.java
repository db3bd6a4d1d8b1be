package dev.hokan.engine.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram family kept in memory since the process started: per set of label values, how many observations fell
 * at or below each bucket's upper bound, their sum and their count.
 */
public final class Histogram {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final double[] bounds;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    public Histogram(String name, String help, double[] bounds, String... labelNames) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.labelNames = List.of(labelNames);
    }

    public void observe(double value, String... labelValues) {
        Series s = series.computeIfAbsent(Labels.values(labelNames, labelValues), k -> new Series(bounds.length));
        int bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) {
            bucket++;
        }
        s.buckets[bucket].increment();
        s.sum.add(value);
    }

    /** How many observations one set of label values has. */
    public long count(String... labelValues) {
        Series s = series.get(List.of(labelValues));
        return s == null ? 0 : s.count();
    }

    public void write(PrometheusText out) {
        out.family(name, "histogram", help);
        List<String> bucketLabels = new ArrayList<>(labelNames);
        bucketLabels.add("le");
        Labels.sorted(series).forEach((values, s) -> {
            List<String> bucketValues = new ArrayList<>(values);
            bucketValues.add("");
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += s.buckets[i].sum();
                bucketValues.set(values.size(), i < bounds.length ? PrometheusText.number(bounds[i]) : "+Inf");
                out.sample(name + "_bucket", bucketLabels, bucketValues, cumulative);
            }
            out.sample(name + "_sum", labelNames, values, s.sum.sum());
            out.sample(name + "_count", labelNames, values, cumulative);
        });
    }

    private static final class Series {
        final LongAdder[] buckets;
        final DoubleAdder sum = new DoubleAdder();

        Series(int bounds) {
            buckets = new LongAdder[bounds + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        long count() {
            long count = 0;
            for (LongAdder bucket : buckets) {
                count += bucket.sum();
            }
            return count;
        }
    }
}
