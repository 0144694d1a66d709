package io.keelwatch.bench.agent;

import io.keelwatch.agent.pipeline.Detector;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertFactory;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Category;
import io.keelwatch.rules.engine.Match;
import io.keelwatch.rules.engine.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One rule for the load test: an execve of the given executable (frequent in the capture: folding is exercised). */
final class FloodDetector implements Detector {
    private final String exe;
    private final AlertFactory alerts;

    private FloodDetector(String exe, String host) {
        this.exe = exe.trim();
        this.alerts = new AlertFactory(host);
    }

    static Detector.Factory factory(String host) {
        return content -> new FloodDetector(content, host);
    }

    @Override
    public List<Alert> detect(EnrichedEvent e, AlertKeys.RepeatKey keys) {
        if (!"execve".equals(e.audit().call().name()) || !exe.equals(e.process().self().exe())) {
            return List.of();
        }
        return List.of(alerts.forEvent(new Match("Flood exec", Priority.NOTICE, Category.OTHER, List.of(),
                "exec of " + exe, "load test rule", Map.of("proc.exe", exe), e, null,
                Instant.ofEpochMilli(e.audit().id().timestampMs())), keys));
    }

    @Override
    public List<Alert> inventory(List<ContainerState> running, Instant now, AlertKeys.RepeatKey keys) {
        return List.of();
    }

    @Override
    public int rulesLoaded() {
        return 1;
    }
}
