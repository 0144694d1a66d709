package io.keelwatch.alert.alertmanager;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.rules.engine.Priority;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert as Alertmanager sees it: Alertmanager identifies an alert by its label set, so the labels
 * hold what the alert is about (rule, container, repeat key) and nothing that changes between
 * occurrences; a re-post of the same labels updates the same alert instead of doubling it.
 *
 * @param fingerprint  hash of the sorted labels: the alert's identity in the outbox
 * @param labels       sorted label set
 * @param annotations  summary, description, event ids, occurrences
 * @param startsAtMs   first occurrence (log time)
 * @param lastSeenMs   last occurrence (log time); the alert resolves {@code hold_for} after it
 * @param occurrences  how many occurrences it stands for so far
 */
public record AmAlert(String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                      long startsAtMs, long lastSeenMs, long occurrences) {

    public AmAlert {
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
    }

    /** Maps an alert; {@code extraLabels} (from config) never override the alert's own. */
    public static AmAlert of(Alert a, Map<String, String> extraLabels) {
        Map<String, String> l = new LinkedHashMap<>(extraLabels);
        put(l, "alertname", a.rule());
        put(l, "severity", severity(a.priority()));
        put(l, "priority", a.priority().lowerName());
        put(l, "category", a.category().id());
        put(l, "instance", a.host());
        put(l, "alert_key", a.key());
        ContainerInfo c = a.container();
        if (c != null) {
            put(l, "container", c.name());
            put(l, "container_id", c.shortId());
            put(l, "image", c.image());
            put(l, "namespace", c.podNamespace());
            put(l, "pod", c.podName());
        }
        String fp = fingerprint(l);
        long count = a.folded() == null ? 1 : a.folded().count();
        long first = a.folded() == null ? a.time().toEpochMilli() : a.folded().first().toEpochMilli();
        List<String> ids = a.folded() != null ? a.folded().eventIds()
                : a.event() != null && a.event().id() != null ? List.of(a.event().id()) : List.of();
        Map<String, String> ann = new LinkedHashMap<>();
        put(ann, "summary", a.output());
        put(ann, "description", a.description());
        put(ann, "event_ids", String.join(",", ids));
        put(ann, "alert_id", a.id());
        put(ann, "tags", String.join(",", a.tags()));
        return new AmAlert(fp, l, ann, first, a.time().toEpochMilli(), count);
    }

    /** This alert updated by a later occurrence of the same label set: start and counts carry over. */
    public AmAlert mergedWith(AmAlert later) {
        long total = occurrences + later.occurrences;
        Map<String, String> ann = new TreeMap<>(later.annotations);
        ann.put("occurrences", Long.toString(total));
        return new AmAlert(fingerprint, labels, ann, Math.min(startsAtMs, later.startsAtMs),
                Math.max(lastSeenMs, later.lastSeenMs), total);
    }

    /** The Alertmanager {@code severity} label: critical, error, warning or info. */
    private static String severity(Priority p) {
        return switch (p) {
            case EMERGENCY, ALERT, CRITICAL -> "critical";
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTICE, INFORMATIONAL, DEBUG -> "info";
        };
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    static String fingerprint(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> sb.append(k).append('\0').append(v).append('\0'));
        return AlertKeys.hash(sb.toString());
    }
}
