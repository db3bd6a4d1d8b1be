package dev.hokan.engine.metrics;

import java.util.Collection;

/** One scrape: the process's counters and histograms, then the gauges of the cells' catalogs. */
public final class Scrape {
    private Scrape() {
    }

    public static void write(Collection<CellGauges> cells, PrometheusText out) {
        ServiceMeters.write(out);
        Gauges gauges = new Gauges();
        cells.forEach(cell -> cell.collect(gauges));
        gauges.write(out);
    }
}
