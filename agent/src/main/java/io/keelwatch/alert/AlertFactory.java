package io.keelwatch.alert;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds alerts from what a rule matched, filling in the parts every alert shares (host, identities,
 * the event summary), so every detector produces the same shape.
 */
public final class AlertFactory {
    private final String host;
    private final Set<String> ignoreFields;

    /** @param ignoreFields fields left out of the repeat key */
    public AlertFactory(String host, Set<String> ignoreFields) {
        this.host = host;
        this.ignoreFields = Set.copyOf(ignoreFields);
    }

    /** The rule's side of an alert. */
    public record RuleHit(String rule, String priority, String category, List<String> tags, String output,
                          String description, Map<String, String> fields) { }

    /** An alert for a matched event. */
    public Alert forEvent(RuleHit hit, EnrichedEvent e) {
        SyscallEvent se = e.audit();
        String eventId = se.id().toString();
        String containerId = e.container() == null ? "" : e.container().id();
        return new Alert(AlertKeys.id(host, hit.rule(), eventId),
                AlertKeys.repeatKey(hit.rule(), containerId, hit.fields(), ignoreFields),
                Instant.ofEpochMilli(se.id().timestampMs()), hit.rule(), hit.priority(), hit.category(), hit.tags(),
                hit.output(), hit.description(), host, e.container(), e.process(),
                new Alert.Event(eventId, se.call().name(), se.call().result().name().toLowerCase(java.util.Locale.ROOT),
                        se.call().exit(), se.keys()), hit.fields(), null);
    }

    /** An alert for an inventory check over a running container. */
    public Alert forContainer(RuleHit hit, ContainerState c, Instant checkedAt) {
        String occurrence = "inventory:" + c.info().id() + "@" + checkedAt.toEpochMilli();
        return new Alert(AlertKeys.id(host, hit.rule(), occurrence),
                AlertKeys.repeatKey(hit.rule(), c.info().id(), hit.fields(), ignoreFields), checkedAt, hit.rule(),
                hit.priority(), hit.category(), hit.tags(), hit.output(), hit.description(), host, c.info(), null,
                Alert.Event.inventory(), hit.fields(), null);
    }

    public String host() {
        return host;
    }
}
