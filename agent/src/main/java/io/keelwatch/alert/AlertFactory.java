package io.keelwatch.alert;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Match;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Builds each alert once, from what a rule matched, filling in the parts every alert shares (host,
 * identities, the event summary), so every detector produces the same shape. The repeat key is the
 * caller's ({@link AlertKeys.RepeatKey}): the settings it depends on are the pipeline core's.
 */
public final class AlertFactory {
    private final String host;

    public AlertFactory(String host) {
        this.host = host;
    }

    /** An alert for a matched event ({@link Match#event()}). */
    public Alert forEvent(Match m, AlertKeys.RepeatKey keys) {
        EnrichedEvent e = m.event();
        SyscallEvent se = e.audit();
        String eventId = se.id().toString();
        String containerId = e.container() == null ? "" : e.container().id();
        return new Alert(AlertKeys.id(host, m.rule(), eventId), keys.of(m.rule(), containerId, m.fields()),
                Instant.ofEpochMilli(se.id().timestampMs()), m.rule(), m.priority(), m.category(), m.tags(),
                m.output(), m.desc(), host, e.container(), e.process(),
                new Alert.Event(eventId, se.call().name(), se.call().result().name().toLowerCase(Locale.ROOT),
                        se.call().exit(), se.keys()), m.fields(), null);
    }

    /** An alert for an inventory check over a running container ({@link Match#container()} at {@link Match#time()}). */
    public Alert forInventory(Match m, AlertKeys.RepeatKey keys) {
        ContainerInfo c = m.container().info();
        String occurrence = "inventory:" + c.id() + "@" + m.time().toEpochMilli();
        return forContainer(m, occurrence, m.time(), Alert.Event.inventory(), keys);
    }

    /** An alert for a container lifecycle rule over {@code event}, dated {@code time}. */
    public Alert forContainerEvent(Match m, ContainerEvent event, Instant time, AlertKeys.RepeatKey keys) {
        // Named for the lifecycle event, not the inventory sweep: one id per rule, container, event and time.
        String occurrence = "container." + event.type() + ":" + event.container().id() + "@"
                + (time.getEpochSecond() * 1_000_000_000L + time.getNano());
        return forContainer(m, occurrence, time,
                new Alert.Event(null, "container." + event.type(), "unknown", 0, List.of()), keys);
    }

    private Alert forContainer(Match m, String occurrence, Instant time, Alert.Event what, AlertKeys.RepeatKey keys) {
        ContainerInfo c = m.container().info();
        return new Alert(AlertKeys.id(host, m.rule(), occurrence), keys.of(m.rule(), c.id(), m.fields()), time,
                m.rule(), m.priority(), m.category(), m.tags(), m.output(), m.desc(), host, c, null, what, m.fields(),
                null);
    }
}
