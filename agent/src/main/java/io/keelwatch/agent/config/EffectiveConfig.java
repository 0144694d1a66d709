package io.keelwatch.agent.config;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link AgentConfig} as YAML in the config file's own shape and key names, every setting shown (for
 * {@code run --dry-run}). Read from the records themselves, so a setting added to the config is shown without a
 * change here; the output loads back to the same config.
 */
public final class EffectiveConfig {
    private EffectiveConfig() {
    }

    public static String yaml(AgentConfig config) {
        StringBuilder b = new StringBuilder();
        record(b, config, "");
        return b.toString();
    }

    private static void record(StringBuilder b, Record r, String indent) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("reading " + c.getName() + " of " + r.getClass().getSimpleName(), e);
            }
            String key = snake(c.getName());
            if (v instanceof Record nested) {
                b.append(indent).append(key).append(":\n");
                record(b, nested, indent + "  ");
            } else if (v instanceof Map<?, ?> m) {
                b.append(indent).append(key).append(':');
                if (m.isEmpty()) {
                    b.append(" {}\n");
                } else {
                    b.append('\n');
                    new TreeMap<>(m).forEach((k, x) -> b.append(indent).append("  ").append(scalar(k)).append(": ")
                            .append(scalar(x)).append('\n'));
                }
            } else if (v instanceof List<?> l) {
                b.append(indent).append(key).append(": [");
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(scalar(l.get(i)));
                }
                b.append("]\n");
            } else {
                b.append(indent).append(key).append(": ").append(v == null ? "off" : scalar(v)).append('\n');
            }
        }
    }

    /** {@code inventoryInterval} → {@code inventory_interval}; the abbreviations the file uses stay whole. */
    static String snake(String camel) {
        StringBuilder s = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                s.append('_').append(Character.toLowerCase(ch));
            } else {
                s.append(ch);
            }
        }
        return s.toString();
    }

    private static String scalar(Object v) {
        if (v instanceof Duration d) {
            return duration(d);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        String s = v instanceof Path || v instanceof URI ? v.toString() : String.valueOf(v);
        return s.isEmpty() || needsQuotes(s) ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s;
    }

    private static boolean needsQuotes(String s) {
        return !s.matches("[A-Za-z0-9_./:@+=-]+") || s.startsWith("-");
    }

    /** The largest unit that divides the duration: 60s → 1m, 2000ms → 2s, 0 → 0. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
