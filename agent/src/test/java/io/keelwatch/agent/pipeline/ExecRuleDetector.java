package io.keelwatch.agent.pipeline;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertFactory;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Category;
import io.keelwatch.rules.engine.Match;
import io.keelwatch.rules.engine.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the rule engine in the agent's tests: one rule per executable, {@code Exec of NAME},
 * firing on a successful execve of it. Its "rules text" is the comma-separated list of executables.
 */
public final class ExecRuleDetector implements Detector {
    private final List<String> exes;
    private final AlertFactory alerts;

    public ExecRuleDetector(String content, String host) {
        this.exes = content.isBlank() ? List.of() : List.of(content.trim().split(","));
        for (String e : exes) {
            if (!e.startsWith("/")) {
                throw new IllegalArgumentException("rules:1:1: not an absolute path: " + e);
            }
        }
        this.alerts = new AlertFactory(host);
    }

    public static Detector.Factory factory(String host) {
        return content -> new ExecRuleDetector(content, host);
    }

    public static String ruleOf(String exe) {
        return "Exec of " + exe.substring(exe.lastIndexOf('/') + 1);
    }

    @Override
    public List<Alert> detect(EnrichedEvent e, AlertKeys.RepeatKey keys) {
        if (!e.audit().call().name().equals("execve") || e.audit().call().failed()) {
            return List.of();
        }
        String exe = e.process().self().exe();
        List<Alert> out = new ArrayList<>(1);
        if (exes.contains(exe)) {
            out.add(alerts.forEvent(new Match(ruleOf(exe), Priority.WARNING, Category.OTHER,
                    List.of("T1059"), "Exec of " + exe + " (cmdline=" + e.process().self().cmdline() + ")",
                    "A watched executable ran.", Map.of("proc.exe", exe, "proc.pid",
                    Integer.toString(e.process().self().pid())), e, null,
                    Instant.ofEpochMilli(e.audit().id().timestampMs())), keys));
        }
        return out;
    }

    @Override
    public List<Alert> inventory(List<ContainerState> running, Instant now, AlertKeys.RepeatKey keys) {
        return List.of();
    }

    @Override
    public int rulesLoaded() {
        return exes.size();
    }
}
