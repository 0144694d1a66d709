package io.keelwatch.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A metric family whose values are read at scrape time from counters and sizes that other parts own
 * (the parser's plain counters, the queue's size, a cache's size), so the hot paths never touch a
 * Prometheus object. Series are added once at wiring time; dynamic label values (record types, rule
 * names) come from a map supplier.
 */
public final class CallbackMetric extends Collector {
    public enum Kind { COUNTER, GAUGE }

    private final String name;
    private final String help;
    private final Kind kind;
    private final List<String> labelNames;
    private final List<Map.Entry<List<String>, DoubleSupplier>> fixed = new CopyOnWriteArrayList<>();
    private final List<Supplier<Map<List<String>, ? extends Number>>> dynamic = new CopyOnWriteArrayList<>();

    /** {@code name} is the family name; a counter's samples get {@code _total} appended. */
    public CallbackMetric(String name, String help, Kind kind, List<String> labelNames) {
        if (kind == Kind.COUNTER && name.endsWith("_total")) {
            throw new IllegalArgumentException("give the counter's name without _total: " + name);
        }
        this.name = name;
        this.help = help;
        this.kind = kind;
        this.labelNames = List.copyOf(labelNames);
    }

    /** One series with the given label values. */
    public CallbackMetric add(List<String> labelValues, DoubleSupplier value) {
        if (labelValues.size() != labelNames.size()) {
            throw new IllegalArgumentException(name + ": expected labels " + labelNames + ", got " + labelValues);
        }
        fixed.add(Map.entry(List.copyOf(labelValues), value));
        return this;
    }

    /** A series without labels. */
    public CallbackMetric add(DoubleSupplier value) {
        return add(List.of(), value);
    }

    /** Series whose label values are known only at scrape time (keys are label value lists). */
    public CallbackMetric addAll(Supplier<Map<List<String>, ? extends Number>> series) {
        dynamic.add(series);
        return this;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<Map.Entry<List<String>, Double>> values = new ArrayList<>();
        for (Map.Entry<List<String>, DoubleSupplier> e : fixed) {
            values.add(Map.entry(e.getKey(), e.getValue().getAsDouble()));
        }
        for (Supplier<Map<List<String>, ? extends Number>> s : dynamic) {
            for (Map.Entry<List<String>, ? extends Number> e : s.get().entrySet()) {
                values.add(Map.entry(e.getKey(), e.getValue().doubleValue()));
            }
        }
        if (kind == Kind.COUNTER) {
            CounterMetricFamily f = new CounterMetricFamily(name, help, labelNames);
            values.forEach(v -> f.addMetric(v.getKey(), v.getValue()));
            return List.of(f);
        }
        GaugeMetricFamily f = new GaugeMetricFamily(name, help, labelNames);
        values.forEach(v -> f.addMetric(v.getKey(), v.getValue()));
        return List.of(f);
    }
}
