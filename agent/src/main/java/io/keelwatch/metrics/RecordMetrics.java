package io.keelwatch.metrics;

import io.keelwatch.metrics.CallbackMetric.Kind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Exports every component of a stage's stats record as one metric family, read at scrape time: the record is
 * taken from its supplier (a published snapshot, or a snapshot of atomics: no I/O) and each numeric or boolean
 * component becomes {@code keelwatch_<stage>_<component in snake case>}, a counter ({@code _total} on its
 * samples) or a gauge as the record's {@link Table} says, with the table's help text. A table must name every
 * component and nothing else: a component added to a record without a line here fails at bind, not silently.
 */
public final class RecordMetrics {

    /** How one component is exported. */
    public record Column(String component, Kind kind, String help) {
        public Column {
            Objects.requireNonNull(component);
            Objects.requireNonNull(kind);
            if (help == null || help.isBlank()) {
                throw new IllegalArgumentException(component + ": a metric needs help text");
            }
        }
    }

    /** A stats record type, the stage that names its metrics, and one column per component. */
    public record Table<R extends Record>(Class<R> type, String stage, List<Column> columns) {
        public Table {
            columns = List.copyOf(columns);
            check(type, columns);
        }

        /** The family name of {@code component}. */
        public String name(String component) {
            return "keelwatch_" + stage + "_" + snake(component);
        }

        /** The names samples appear under in an exposition ({@code _total} on counters), in column order. */
        public List<String> sampleNames() {
            return columns.stream().map(c -> name(c.component()) + (c.kind() == Kind.COUNTER ? "_total" : ""))
                    .toList();
        }
    }

    public static Column counter(String component, String help) {
        return new Column(component, Kind.COUNTER, help);
    }

    public static Column gauge(String component, String help) {
        return new Column(component, Kind.GAUGE, help);
    }

    private final AgentMetrics metrics;

    public RecordMetrics(AgentMetrics metrics) {
        this.metrics = metrics;
    }

    /** Every component of the records {@code source} gives, as series without labels. */
    public <R extends Record> void bind(Table<R> table, Supplier<? extends R> source) {
        bind(table, List.of(), List.of(), source);
    }

    /**
     * Every component of the records {@code source} gives, as series with these labels: one table can be bound
     * once per owner (each event stream, say) with the owner's label values.
     */
    public <R extends Record> void bind(Table<R> table, List<String> labelNames, List<String> labelValues,
                                        Supplier<? extends R> source) {
        Map<String, Method> accessors = accessors(table.type());
        for (Column c : table.columns()) {
            Method accessor = accessors.get(c.component());
            metrics.family(table.name(c.component()), c.help(), c.kind(), labelNames)
                    .add(labelValues, () -> value(accessor, source.get()));
        }
    }

    private static double value(Method accessor, Record r) {
        Object v;
        try {
            v = accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // an accessor of a record does nothing but return its field
            throw new IllegalStateException(accessor + ": " + e, e);
        }
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    }

    private static Map<String, Method> accessors(Class<?> type) {
        Map<String, Method> out = new LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            Method m = rc.getAccessor();
            m.setAccessible(true);
            out.put(rc.getName(), m);
        }
        return out;
    }

    private static void check(Class<?> type, List<Column> columns) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        Set<String> components = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            components.add(rc.getName());
            Class<?> t = rc.getType();
            if (t != long.class && t != int.class && t != double.class && t != boolean.class) {
                problems.add(rc.getName() + " is a " + t.getSimpleName() + ", not a number");
            }
        }
        Set<String> named = new TreeSet<>();
        for (Column c : columns) {
            if (!named.add(c.component())) {
                problems.add(c.component() + " has two columns");
            }
        }
        for (String c : components) {
            if (!named.contains(c)) {
                problems.add(c + " has no column");
            }
        }
        for (String c : named) {
            if (!components.contains(c)) {
                problems.add(c + " is no component");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + ": " + String.join("; ", problems));
        }
    }

    /** {@code timedOut} -> {@code timed_out}, {@code strayEoe} -> {@code stray_eoe}. */
    static String snake(String camel) {
        StringBuilder s = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                s.append('_').append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
