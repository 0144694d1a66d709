package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.alert.AlertJson;
import io.keelwatch.audit.source.AuditControl;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.host.HostLookup;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism on the live host: {@code keelwatch run} watches real containers (audit multicast, Docker
 * events, inspect and /proc lookups) and journals its inputs; the journal, copied elsewhere, replays to
 * exactly the live alerts, byte for byte: in this process with a host lookup that fails the test on
 * any question the journal cannot answer, and in a fresh process in its own pid and mount namespaces,
 * where /proc shows no host process and the Docker socket is gone. Then a replay with an extra rule
 * finds what the live rules did not.
 */
@Tag("host")
class LiveJournalReplayTest {

    static final String KEY = "kw_t_journal_exec";
    static final String HOST = "h-kw-journal";
    static final Path ROOT = Path.of(System.getProperty("keelwatch.root", "."));

    @TempDir
    Path tmp;

    @Test
    void aLiveJournalCopiedElsewhereReplaysToExactlyTheLiveAlertsAndAnExtraRuleFindsMore() throws Exception {
        ensureBusybox();
        Path alertsFile = tmp.resolve("alerts.jsonl");
        Path journal = tmp.resolve("journal");
        Path cfg = tmp.resolve("keelwatch.yaml");
        Files.writeString(cfg, """
                host: %s
                data_dir: %s
                audit:
                  source: multicast
                journal:
                  dir: %s
                alerts:
                  stdout: false
                  file: %s
                rules:
                  paths: [%s, %s]
                metrics:
                  listen: "off"
                log:
                  level: info
                """.formatted(HOST, tmp.resolve("data"), journal, alertsFile, ROOT.resolve("rules/pack"),
                ReplayCommandTest.NOISY_RULE));
        AuditRule rule = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve -F key=" + KEY);
        Path agentLog = tmp.resolve("agent.log");
        List<String> names = List.of("kw_t_journal_a", "kw_t_journal_b");
        try (AuditControl control = AuditControl.open()) {
            int enabledBefore = control.status().enabled();
            Process agent = java(List.of("run", "--config", cfg.toString())).redirectErrorStream(true)
                    .redirectOutput(agentLog.toFile()).start();
            try {
                await(() -> Files.readString(agentLog).contains("agent running"), agentLog, 60);
                if (enabledBefore == 0) {
                    control.setEnabled(1);
                }
                control.addRuleFirst(rule);
                try {
                    for (String name : names) {
                        // the first has the host's /etc mounted: a container lifecycle alert, dated by Docker's
                        // event, must replay as exactly as the syscall alerts
                        List<String> cmd = new java.util.ArrayList<>(List.of("docker", "run", "--rm", "--name", name));
                        if (name.equals(names.get(0))) {
                            cmd.addAll(List.of("-v", "/etc:/host/etc:ro"));
                        }
                        cmd.addAll(List.of("local/busybox:1", "sh", "-c",
                                "ls / > /dev/null; tar -cf /tmp/a.tar /etc; cat /etc/hostname > /dev/null; sleep 1"));
                        run(cmd.toArray(String[]::new));
                    }
                    await(() -> Files.exists(alertsFile) && names.stream().allMatch(n -> contains(alertsFile, n)),
                            agentLog, 60);
                    Thread.sleep(2_000); // the last events' records, and a tick or two
                } finally {
                    control.deleteRule(rule);
                    if (enabledBefore == 0) {
                        control.setEnabled(0);
                    }
                }
            } finally {
                agent.destroy(); // SIGTERM: the core finishes, folded alerts are released, the journal syncs
                assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the agent stops on SIGTERM");
            }
        }
        List<String> live = Files.readAllLines(alertsFile);
        assertTrue(live.size() >= 4, "live alerts: " + live.size() + "\n" + Files.readString(agentLog));
        assertTrue(live.stream().anyMatch(l -> l.contains("\"rule\":\"Container with sensitive host mount\"")
                && l.contains(names.get(0))), "the mount of the first container alerted live: " + live);

        Path copy = ReplayCommandTest.copy(journal, tmp.resolve("elsewhere/journal"));

        // In this process: every host question must be answered from the journal.
        AgentConfig settings = ConfigLoader.load(cfg, Map.of());
        List<String> replayed = new ArrayList<>();
        HostLookup failing = (kind, key) -> {
            throw new AssertionError("replay asked the live host: " + kind + " " + key);
        };
        ReplayPipeline pipeline = new ReplayPipeline(settings, HOST, a -> replayed.add(AlertJson.line(a)), failing);
        try (JournalSource source = new JournalSource(copy)) {
            new ReplayDriver(pipeline, ReplayOptions.all(null)).replay(source);
            assertEquals(0, source.corrupt());
        }
        assertEquals(live, replayed);

        // In a fresh process that could not see the host if it tried.
        ProcessBuilder isolated = new ProcessBuilder(isolatedReplay(copy, cfg, List.of("--recorded-rules")));
        Run fresh = run(isolated);
        assertEquals(0, fresh.exit, fresh.err);
        assertEquals(live, fresh.out);

        // An extra rule: everything the live run found, byte for byte, and more.
        Run extra = run(new ProcessBuilder(isolatedReplay(copy, cfg, List.of("--rules", ROOT.resolve("rules/pack").toString(),
                "--rules", ReplayCommandTest.NOISY_RULE.toString(), "--rules", ReplayCommandTest.EXTRA_RULE.toString()))));
        assertEquals(0, extra.exit, extra.err);
        Set<String> liveSet = new HashSet<>(live);
        assertTrue(extra.out.containsAll(live));
        List<String> found = extra.out.stream().filter(l -> !liveSet.contains(l)).toList();
        assertFalse(found.isEmpty(), "the extra rule found the tar in the containers");
        System.out.printf("live alerts %d, replayed in-process %d, in a fresh isolated process %d, extra rule found %d more%n",
                live.size(), replayed.size(), fresh.out.size(), found.size());
        ObjectMapper json = new ObjectMapper();
        for (String line : found) {
            JsonNode a = json.readTree(line);
            assertEquals("Archive created in a container", a.get("rule").asText(), line);
            assertTrue(names.contains(a.get("container").get("name").asText()), line);
        }
    }

    /** keelwatch replay in new pid and mount namespaces, the Docker socket hidden. */
    private List<String> isolatedReplay(Path journal, Path cfg, List<String> rules) {
        List<String> replay = new ArrayList<>(List.of("replay", journal.toString(), "--config", cfg.toString(), "--quiet"));
        replay.addAll(rules);
        List<String> java = java(replay).command();
        StringBuilder sh = new StringBuilder("for s in /run/docker.sock /var/run/docker.sock; do "
                + "[ -e \"$s\" ] && mount --bind /dev/null \"$s\"; done; exec");
        for (String arg : java) {
            sh.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        return List.of("unshare", "--mount", "--pid", "--fork", "--mount-proc", "sh", "-c", sh.toString());
    }

    static ProcessBuilder java(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }

    record Run(int exit, List<String> out, String err) { }

    Run run(ProcessBuilder pb) throws Exception {
        File err = Files.createTempFile(tmp, "err", ".txt").toFile();
        Process p = pb.redirectError(err).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")),
                Files.readString(err.toPath()));
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    static void ensureBusybox() throws Exception {
        Process p = new ProcessBuilder("docker", "image", "inspect", "local/busybox:1").start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            run(ROOT.resolve("test-fixtures/images/build-busybox-image.sh").toString());
        }
    }

    static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check check, Path log, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; agent log:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(200);
        }
    }
}
