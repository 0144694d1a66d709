package io.keelwatch.alert;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.rules.engine.Category;
import io.keelwatch.rules.engine.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as every sink sees it. Deterministic: everything here follows from the inputs (the time is
 * the event's log time, the id a hash of what the alert is about), so a replay of the same inputs gives
 * the same alerts byte for byte.
 *
 * @param id          stable identity: host, rule, and the event (or the inventory check) that raised it
 * @param key         the repeat key: rule, container and key fields (see {@link AlertKeys}); repeats share it
 * @param time        log time of the event, or the inventory check time
 * @param rule        the rule's name
 * @param priority    the rule's Falco priority (written lower case: {@code critical}, {@code warning}, ...)
 * @param category    the rule's category ({@code container_escape}, {@code crypto_mining}, ..., {@code other})
 * @param tags        the rule's tags (MITRE technique ids among them)
 * @param output      the rule's output with its fields filled in
 * @param description the rule's desc
 * @param host        the host the agent runs on
 * @param container   the container, or {@code null} for a host process
 * @param process     the process and its ancestry, or {@code null} (inventory alerts)
 * @param event       the event that matched
 * @param fields      the field values the rule's output and condition used
 * @param folded      repeats folded into this line, or {@code null} when it stands for one occurrence
 */
public record Alert(String id, String key, Instant time, String rule, Priority priority, Category category, List<String> tags,
                    String output, String description, String host, ContainerInfo container,
                    ProcessContext process, Event event, Map<String, String> fields, Folded folded) {

    public Alert {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(category, "category");
        tags = List.copyOf(tags);
        fields = Map.copyOf(fields);
    }

    /**
     * What raised the alert.
     *
     * @param id     the audit event id ({@code SEC.MSEC:SERIAL}), or {@code null} for inventory checks
     * @param type   the event type: syscall name ({@code execve}) or {@code inventory}
     * @param result {@code success}, {@code failure} or {@code unknown}
     * @param exit   the syscall's return value
     * @param keys   the audit rule keys that recorded it
     */
    public record Event(String id, String type, String result, long exit, List<String> keys) {
        public Event {
            keys = List.copyOf(keys);
        }

        public static Event inventory() {
            return new Event(null, "inventory", "unknown", 0, List.of());
        }
    }

    /**
     * Occurrences of the same alert (rule, container, key fields) that were not emitted one by one.
     *
     * @param count    how many occurrences this line stands for
     * @param first    time of the first folded occurrence
     * @param eventIds ids of the first few folded events
     */
    public record Folded(long count, Instant first, List<String> eventIds) {
        public Folded {
            eventIds = List.copyOf(eventIds);
        }
    }

    /** The same alert standing for several folded occurrences. */
    public Alert withFolded(Folded f) {
        return new Alert(id, key, time, rule, priority, category, tags, output, description, host, container, process,
                event, fields, f);
    }
}
