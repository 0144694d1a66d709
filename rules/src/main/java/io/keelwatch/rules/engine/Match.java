package io.keelwatch.rules.engine;

import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule firing.
 *
 * @param rule      the rule's name
 * @param priority  its priority
 * @param category  its category
 * @param tags      its tags (MITRE technique ids among them, see {@link #mitre()})
 * @param output    the rendered output
 * @param desc      the rule's one-line description
 * @param fields    every field the output names, with its rendered value ({@code <NA>} when absent), in order
 * @param event     the event that matched, or {@code null} for an inventory match
 * @param container the container state that matched, or {@code null} for an event match
 * @param time      event time, or the inventory instant
 */
public record Match(String rule, Priority priority, Category category, List<String> tags, String output, String desc,
                    Map<String, String> fields, EnrichedEvent event, ContainerState container, Instant time) {

    public Match {
        tags = List.copyOf(tags);
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** MITRE ATT&CK technique ids among the tags ({@code T1611}, {@code T1496.001}). */
    public List<String> mitre() {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            if (t.length() >= 5 && t.charAt(0) == 'T' && Character.isDigit(t.charAt(1))) {
                out.add(t);
            }
        }
        return out;
    }
}
