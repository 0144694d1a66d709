package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerState;
import io.keelwatch.rules.testing.CaptureReplay;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The whole shipped pack over the team's benign capture (48.9 s of busybox containers serving and
 * fetching over HTTP): nothing may fire except the explained alerts listed here.
 */
class BenignCaptureGoldenTest {

    @Test
    void benignCaptureRaisesNoUnexplainedAlerts() throws Exception {
        Path dir = Path.of(System.getProperty("keelwatch.shared"), "fixtures", "captured", "benign-containers");
        CaptureReplay replay = new CaptureReplay(dir.resolve("docker-inspect.jsonl.gz"));
        RuleEngine engine = new RuleEngine(RuleLoader.loadDefaultPack());
        List<Match> matches = new ArrayList<>();
        long[] inContainer = {0};
        long events = replay.replay(dir.resolve("audit.log.gz"), e -> {
            if (e.container() != null) {
                inContainer[0]++;
            }
            matches.addAll(engine.evaluate(e));
        });
        List<ContainerState> states = new ArrayList<>();
        for (ContainerInfo c : replay.containers()) {
            states.add(new ContainerState(c, c.imageId()));
        }
        matches.addAll(engine.evaluateInventory(states, Instant.ofEpochMilli(replay.lastTimeMs())));
        // the configuration and image rules run on each container's lifecycle: as created, started and found running
        long before = engine.rulesEvaluated();
        for (ContainerState s : states) {
            Instant at = s.info().started() != null ? s.info().started() : Instant.ofEpochMilli(replay.lastTimeMs());
            for (ContainerEvent e : List.of(new ContainerEvent.Created(s, 0), new ContainerEvent.Started(s, 0),
                    new ContainerEvent.FoundRunning(s, 0), new ContainerEvent.ImageChanged(s, "tag", 0))) {
                matches.addAll(engine.evaluateContainer(e, at));
            }
        }
        assertTrue(engine.rulesEvaluated() - before >= 5L * states.size(), "the container rules met every container");
        Map<String, Integer> byRule = new TreeMap<>();
        for (Match m : matches) {
            byRule.merge(m.rule(), 1, Integer::sum);
        }
        System.out.println("benign capture: " + events + " syscall events (" + inContainer[0] + " in containers), "
                + engine.rulesEvaluated() + " rule evaluations, matches by rule: " + byRule);
        matches.stream().limit(20).forEach(m -> System.out.println("  " + m.rule() + ": " + m.output()));
        assertTrue(events > 10_000, "the capture holds ~14k events");
        assertTrue(inContainer[0] > 1_000, "container attribution works");
        assertEquals(0, engine.evaluationErrors());
        assertEquals(Map.of(), byRule, "benign traffic raised alerts");
    }

    /** The pack's silence is not blindness: probes built from the pack's own macros see the traffic. */
    @Test
    void packMacrosSeeTheCapturedContainerTraffic() throws Exception {
        Path dir = Path.of(System.getProperty("keelwatch.shared"), "fixtures", "captured", "benign-containers");
        CaptureReplay replay = new CaptureReplay(dir.resolve("docker-inspect.jsonl.gz"));
        List<RuleLoader.RuleText> texts = new ArrayList<>(RuleLoader.defaultPack());
        texts.add(new RuleLoader.RuleText("probes.yaml", """
                - rule: probe exec
                  desc: d
                  condition: spawned_process and container
                  output: o
                  priority: DEBUG
                - rule: probe inet
                  desc: d
                  condition: inet_connect and container and fd.sip = "172.17.0.2/32" and fd.sport = 8080
                  output: o
                  priority: DEBUG
                - rule: probe runc init
                  desc: d
                  condition: evt.type in (mount, setns) and container and runtime_init
                  output: o
                  priority: DEBUG
                """));
        RuleEngine engine = new RuleEngine(RuleLoader.compile(texts));
        Map<String, Integer> byRule = new TreeMap<>();
        long[] expected = new long[3];
        replay.replay(dir.resolve("audit.log.gz"), e -> {
            String sc = e.audit().call().name();
            if (e.container() != null) {
                if (sc.equals("execve") || sc.equals("execveat")) {
                    expected[0]++;
                }
                if (sc.equals("connect") && e.audit().sockaddr() instanceof io.keelwatch.audit.SockAddr.Inet i
                        && i.ip().equals("172.17.0.2") && i.port() == 8080) {
                    expected[1]++;
                }
            }
            engine.evaluate(e).forEach(m -> byRule.merge(m.rule(), 1, Integer::sum));
        });
        System.out.println("probes over the benign capture: " + byRule);
        assertTrue(expected[0] > 100 && expected[1] > 10, java.util.Arrays.toString(expected));
        assertEquals((int) expected[0], byRule.getOrDefault("probe exec", 0));
        assertEquals((int) expected[1], byRule.getOrDefault("probe inet", 0));
        assertTrue(byRule.getOrDefault("probe runc init", 0) > 0, "runc's own mounts/setns are what runtime_init excludes");
        assertEquals(List.of("probe exec", "probe inet", "probe runc init"), List.copyOf(byRule.keySet()));
    }
}
