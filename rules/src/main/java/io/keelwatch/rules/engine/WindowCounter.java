package io.keelwatch.rules.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Distinct-value counting over a sliding event-time window, per group, for one rule. Fires once
 * when a group's distinct count reaches the threshold and re-arms when it falls back below. Memory
 * is bounded twice: at most {@code maxGroups} groups (least recently used evicted) and at most
 * {@code maxDistinct} values per group (oldest dropped); every eviction is counted.
 */
final class WindowCounter {
    private final long overMs;
    private final int threshold;
    private final int maxGroups;
    private final int maxDistinct;
    private final LinkedHashMap<String, Group> groups;
    private long evictions;

    WindowCounter(long overMs, int threshold, int maxGroups) {
        this.overMs = overMs;
        this.threshold = threshold;
        this.maxGroups = maxGroups;
        this.maxDistinct = Math.max(threshold * 2, 64);
        this.groups = new LinkedHashMap<>(64, 0.75f, true);
    }

    private static final class Group {
        final HashMap<String, Long> lastSeen = new HashMap<>();
        final ArrayDeque<Object[]> order = new ArrayDeque<>();
        boolean fired;
    }

    /**
     * Records one value at {@code timeMs}; returns the distinct count when this observation makes the
     * group cross the threshold, else -1.
     */
    int observe(String group, String value, long timeMs) {
        Group g = groups.get(group);
        if (g == null) {
            if (groups.size() >= maxGroups) {
                Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator();
                it.next();
                it.remove();
                evictions++;
            }
            g = new Group();
            groups.put(group, g);
        }
        expire(g, timeMs);
        g.lastSeen.put(value, timeMs);
        g.order.addLast(new Object[] {value, timeMs});
        while (g.lastSeen.size() > maxDistinct) {
            Object[] head = g.order.pollFirst();
            if (head == null) {
                break;
            }
            Long last = g.lastSeen.get(head[0]);
            if (last != null && last == (long) (Long) head[1]) {
                g.lastSeen.remove(head[0]);
                evictions++;
            }
        }
        int n = g.lastSeen.size();
        if (n >= threshold) {
            if (!g.fired) {
                g.fired = true;
                return n;
            }
        } else {
            g.fired = false;
        }
        return -1;
    }

    /** The distinct values currently counted for a group (for the alert's evidence). */
    String values(String group, int limit) {
        Group g = groups.get(group);
        if (g == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int k = 0;
        for (String v : g.lastSeen.keySet()) {
            if (k++ == limit) {
                b.append(",...");
                break;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(v);
        }
        return b.toString();
    }

    private void expire(Group g, long now) {
        long cutoff = now - overMs;
        while (!g.order.isEmpty()) {
            Object[] head = g.order.peekFirst();
            long t = (Long) head[1];
            if (t > cutoff) {
                break;
            }
            g.order.pollFirst();
            Long last = g.lastSeen.get(head[0]);
            if (last != null && last == t) {
                g.lastSeen.remove(head[0]);
            }
        }
        // order may hold superseded entries; keep it from growing without bound
        if (g.order.size() > 4 * maxDistinct) {
            g.order.removeIf(e -> {
                Long last = g.lastSeen.get(e[0]);
                return last == null || last != (long) (Long) e[1];
            });
        }
    }

    long evictions() {
        return evictions;
    }

    int groups() {
        return groups.size();
    }
}
