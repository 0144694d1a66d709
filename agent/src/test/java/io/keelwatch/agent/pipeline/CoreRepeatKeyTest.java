package io.keelwatch.agent.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.input.HostInput;
import io.keelwatch.rules.engine.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An alert's repeat key is computed once, by the core, from the ignored fields it owns: the journaled alert
 * options decide it, whatever detector built the alert.
 */
class CoreRepeatKeyTest {
    private static List<String> lines;

    @BeforeAll
    static void load() throws Exception {
        lines = AuditFixture.lines();
    }

    private static List<Alert> run(Set<String> ignore) {
        List<Alert> out = new ArrayList<>();
        PipelineCore core = new PipelineCore(ReassemblyStage.factory(2000, 1024), new BasicIdentity(), Detectors.NONE,
                ExecRuleDetector.factory("h1"), out::add, PipelineCore.Options.defaults(), () -> 0,
                PipelineCore.RuleTimer.NONE);
        core.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "/usr/bin/docker"));
        core.accept(new HostInput.ConfigChange(0, PipelineCore.ALERT_OPTIONS,
                new PipelineCore.Options(Priority.DEBUG, Duration.ZERO, 1000, Duration.ofSeconds(60), ignore).encode()));
        for (String l : lines) {
            core.accept(AuditFixture.input(l));
        }
        core.finish();
        return out;
    }

    @Test
    void theJournaledIgnoreFieldsDecideTheKey() {
        List<Alert> pidIgnored = run(Set.of("proc.pid"));
        List<Alert> pidKept = run(Set.of());
        assertTrue(pidIgnored.size() > 100, pidIgnored.size() + " alerts");
        assertEquals(pidIgnored.size(), pidKept.size());
        Set<String> oneKey = pidIgnored.stream().map(Alert::key).collect(Collectors.toSet());
        assertEquals(1, oneKey.size(), "every exec of docker on the host repeats one alert when the pid is ignored");
        long pids = pidKept.stream().map(a -> a.fields().get("proc.pid")).distinct().count();
        assertEquals(pids, pidKept.stream().map(Alert::key).distinct().count(), "one key per pid when it counts");
        for (Alert a : pidKept) {
            assertEquals(AlertKeys.repeatKey(a.rule(), "", a.fields(), Set.of()), a.key(), a.id());
        }
    }
}
