package io.keelwatch.agent.pipeline;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import java.time.Instant;
import java.util.List;

/** Detectors that need no rule engine. */
public final class Detectors {
    private Detectors() { }

    /** No rules: the state before the first rules ConfigChange. */
    public static final Detector NONE = new Detector() {
        @Override
        public List<Alert> detect(EnrichedEvent event, AlertKeys.RepeatKey keys) {
            return List.of();
        }

        @Override
        public List<Alert> inventory(List<ContainerState> running, Instant now, AlertKeys.RepeatKey keys) {
            return List.of();
        }

        @Override
        public int rulesLoaded() {
            return 0;
        }
    };
}
