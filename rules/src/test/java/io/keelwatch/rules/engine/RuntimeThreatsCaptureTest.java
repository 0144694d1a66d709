package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.testing.CaptureReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime-threats pack over a real capture (test-fixtures/captures/capture-runtime-threats.sh): each technique
 * run in a busybox container with a private auditd loaded with the shipped audit rules, next to benign look-alikes.
 * Every scenario's container must raise exactly the rules listed for it, benign ones none.
 */
class RuntimeThreatsCaptureTest {

    static final Path BUNDLE = Path.of(System.getProperty("user.dir")).resolve("../test-fixtures/captures/runtime-threats")
            .normalize();

    /** Scenario (containers.tsv) -> the rules it must raise, and only those. */
    static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry("cron-persist", Set.of("Cron job written in container", "Host file modified through container mount")),
            Map.entry("ssh-key", Set.of("SSH authorized_keys modified in container", "Host file modified through container mount")),
            Map.entry("sa-token", Set.of("Service account token read by shell or file tool in container")),
            Map.entry("cloud-creds", Set.of("Cloud credential file read by shell or file tool in container")),
            Map.entry("log-clear", Set.of("Log files cleared in container", "Shell history cleared in container")),
            Map.entry("ro-write", Set.of("Write refused by read-only host mount in container")),
            Map.entry("docker-api", Set.of("Docker API driven by client tool from container", "Runtime socket used from container")),
            Map.entry("revshell-pipe", Set.of("Shell piped to network tool in container")),
            Map.entry("revshell-fifo", Set.of("Shell piped to network tool in container", "Named pipe reverse shell in container")),
            Map.entry("revshell-telnet", Set.of("Shell piped to network tool in container")),
            // the runtime baseline: writes below /etc and binary dirs need the tier-2 write rules, which the capture loads
            Map.entry("etc-write", Set.of("Write below etc in container")),
            Map.entry("bin-write", Set.of("Write below binary dir in container")),
            Map.entry("setuid-bit", Set.of("Setuid or setgid bit set in container", "File made executable in container")),
            Map.entry("pkg-install", Set.of("Package management process launched in container")),
            Map.entry("app-dirs", Set.of()),
            // benign look-alikes
            Map.entry("sa-token-app", Set.of()),
            Map.entry("log-append", Set.of()),
            Map.entry("ro-read", Set.of()),
            Map.entry("shell-work", Set.of()),
            Map.entry("listener", Set.of()));

    static Map<String, Set<String>> firedByScenario = new TreeMap<>();
    static Map<String, List<String>> outputs = new TreeMap<>();
    static long events;

    @BeforeAll
    static void replay() throws IOException {
        Map<String, String> scenarioOf = new HashMap<>();
        for (String line : Files.readAllLines(BUNDLE.resolve("containers.tsv"))) {
            String[] f = line.split("\t");
            scenarioOf.put(f[0], f[1]);
        }
        CaptureReplay replay = new CaptureReplay(BUNDLE.resolve("docker-inspect.jsonl.gz"));
        RuleEngine engine = new RuleEngine(RuleLoader.loadDefaultPack());
        for (String s : scenarioOf.values()) {
            firedByScenario.put(s, new TreeSet<>());
        }
        firedByScenario.put("host", new TreeSet<>());
        events = replay.replay(BUNDLE.resolve("audit.log.gz"), e -> {
            for (Match m : engine.evaluate(e)) {
                String s = e.container() == null ? "host" : scenarioOf.getOrDefault(e.container().name(), "unknown:" + e.container().name());
                firedByScenario.computeIfAbsent(s, k -> new TreeSet<>()).add(m.rule());
                outputs.computeIfAbsent(s, k -> new ArrayList<>()).add(m.rule() + ": " + m.output());
            }
        });
        assertEquals(0, engine.evaluationErrors());
        outputs.forEach((s, o) -> o.stream().limit(6).forEach(x -> System.out.println(s + " | " + x)));
    }

    @Test
    void theCaptureHoldsEveryScenario() {
        assertTrue(events > 1000, "events: " + events);
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(firedByScenario.keySet()) {{ remove("host"); }});
    }

    @Test
    void eachTechniqueRaisesItsRulesAndBenignWorkNothing() {
        Map<String, Set<String>> expected = new TreeMap<>(EXPECTED);
        Map<String, Set<String>> actual = new TreeMap<>(firedByScenario);
        actual.remove("host");
        assertEquals(expected, actual);
    }

    @Test
    void hostActivityDuringTheCaptureRaisesNothing() {
        assertEquals(Set.of(), firedByScenario.get("host"), String.valueOf(outputs.get("host")));
    }

    @Test
    void theRefusedWriteIsReportedWithItsErrorAndHostPath() {
        List<String> out = outputs.getOrDefault("ro-write", List.of());
        assertTrue(out.stream().anyMatch(o -> o.contains("result=EROFS") && o.contains("host_path=/etc/cron.d/")), String.valueOf(out));
        assertTrue(out.stream().anyMatch(o -> o.contains("result=EROFS") && o.contains("host_path=/var/log/kwcap-ro/app.log")),
                String.valueOf(out));
    }
}
