package io.keelwatch.agent.pipeline;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.RuleEngineStats;
import java.time.Instant;
import java.util.List;

/**
 * The loaded rules, turning events and the container inventory into alerts. Single-threaded. Each alert is
 * built once, keyed by {@code keys}: the core's repeat key, from the settings it owns.
 */
public interface Detector {

    List<Alert> detect(EnrichedEvent event, AlertKeys.RepeatKey keys);

    List<Alert> inventory(List<ContainerState> running, Instant now, AlertKeys.RepeatKey keys);

    /** The container lifecycle rules over one container event, dated {@code time}. */
    default List<Alert> container(ContainerEvent event, Instant time, AlertKeys.RepeatKey keys) {
        return List.of();
    }

    /** Rules loaded and enabled. */
    int rulesLoaded();

    /** The rule engine's counters since these rules were loaded; none for detectors without an engine. */
    default RuleEngineStats engineStats() {
        return RuleEngineStats.EMPTY;
    }

    /** Builds detectors from a rules {@link io.keelwatch.input.HostInput.ConfigChange}. */
    @FunctionalInterface
    interface Factory {
        /** @throws IllegalArgumentException with the locations of the problems when the rules do not load */
        Detector load(String content);
    }
}
