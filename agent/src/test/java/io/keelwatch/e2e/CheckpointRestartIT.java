package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent tailing a real auditd's log is stopped and started again while the kernel keeps producing
 * events, and the log rotates while the agent is down: every event is handled once. A marker binary (a
 * copy of {@code true}) is run with a sequence number under an audit rule of this test's own key; one
 * test rule turns each run into one alert (no folding), so the alerts file says how often each run was
 * handled. Graceful restarts (SIGTERM, as systemd restarts the unit) must give each marker exactly one
 * alert; {@code kill -9} must lose none, and may repeat only what ran in the last commit interval before
 * the kill (the checkpoint is saved every second).
 */
class CheckpointRestartIT {
    private static final String KEY = "kw_ckpt_it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static Path work;
    private static Path marker;
    private static final List<String> ruleArgs = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        root = Path.of(System.getProperty("keelwatch.root", ".."));
        work = Files.createDirectories(root.resolve("agent/target/checkpoint-it"));
        Cmd.run("rm", "-rf", work.toString());
        Files.createDirectories(work);
        marker = work.resolve("kw-ckpt-marker");
        Files.copy(Path.of("/bin/true"), marker, StandardCopyOption.REPLACE_EXISTING);
        marker.toFile().setExecutable(true);
        ruleArgs.addAll(List.of("-F", "arch=b64", "-S", "execve", "-F", "exe=" + marker, "-k", KEY));
    }

    @AfterAll
    static void removeRule() {
        List<String> cmd = new ArrayList<>(List.of("auditctl", "-d", "always,exit"));
        cmd.addAll(ruleArgs);
        Cmd.run(cmd.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path config(Path dir, Path auditLog, int port) throws IOException {
        Path rules = dir.resolve("marker.yaml");
        Files.writeString(rules, """
                - rule: Checkpoint test marker ran
                  desc: the checkpoint restart test's marker binary was executed
                  condition: evt.type in (execve, execveat) and proc.exe endswith "/kw-ckpt-marker"
                  output: "marker run %proc.args"
                  priority: NOTICE
                  tags: [test]
                """);
        Path cfg = dir.resolve("keelwatch.yaml");
        Files.writeString(cfg, """
                host: kwckpt
                data_dir: %s
                audit:
                  source: file
                  log_file: %s
                docker:
                  socket: %s
                rules:
                  # only this test's rule file (rules.paths adds to the shipped pack otherwise)
                  default_pack: false
                  local_dir: "off"
                  paths: [%s]
                alerts:
                  stdout: false
                  throttle_window: 0s
                metrics:
                  listen: 127.0.0.1:%d
                journal:
                  enabled: false
                log:
                  level: info
                """.formatted(dir.resolve("state"), auditLog, dir.resolve("no-docker.sock"), rules, port));
        return cfg;
    }

    /** Runs the marker with sequence numbers {@code from..to}, a few milliseconds apart. */
    private static void runMarkers(int from, int to) {
        for (int i = from; i <= to; i++) {
            Cmd.run(marker.toString(), Integer.toString(i)).requireSuccess();
        }
    }

    /** Alerts per marker sequence number, from the alerts file. */
    private static Map<Integer, Integer> alertsPerMarker(Path alerts) throws IOException {
        Map<Integer, Integer> out = new TreeMap<>();
        if (!Files.exists(alerts)) {
            return out;
        }
        for (String line : Files.readAllLines(alerts)) {
            JsonNode a = JSON.readTree(line);
            String args = a.path("fields").path("proc.args").asText();
            out.merge(Integer.parseInt(args.trim()), 1, Integer::sum);
        }
        return out;
    }

    private static Map<Integer, Integer> awaitMarkers(Path alerts, int upTo, Duration within) throws IOException {
        Instant deadline = Instant.now().plus(within);
        Map<Integer, Integer> seen = alertsPerMarker(alerts);
        while (seen.size() < upTo && Instant.now().isBefore(deadline)) {
            ServiceProcess.sleep(Duration.ofMillis(300));
            seen = alertsPerMarker(alerts);
        }
        return seen;
    }

    @Test
    void restartsAndRotationWhileDownLoseNoEventAndGracefulOnesRepeatNone() throws Exception {
        try (AuditdProcess auditd = new AuditdProcess(work.resolve("auditd"))) {
            auditd.start(Duration.ofSeconds(15));
            List<String> add = new ArrayList<>(List.of("auditctl", "-a", "always,exit"));
            add.addAll(ruleArgs);
            Cmd.run(add.toArray(String[]::new)).requireSuccess();
            Cmd.run("auditctl", "-e", "1").requireSuccess();

            Path dir = Files.createDirectories(work.resolve("agent"));
            int port = freePort();
            Path cfg = config(dir, auditd.auditLog(), port);
            Path alerts = dir.resolve("state/alerts.jsonl");
            Path checkpoint = dir.resolve("state/audit.checkpoint");
            try (AgentProcess agent = new AgentProcess(dir.resolve("run"), root.resolve("bin/keelwatch"),
                    root.resolve("agent/target/keelwatch.jar"), cfg, port)) {
                restarts(auditd, agent, alerts, checkpoint);
            }
        }
    }

    private void restarts(AuditdProcess auditd, AgentProcess agent, Path alerts, Path checkpoint) throws Exception {
        int n = 0;

        // 1. First start: no checkpoint, the agent starts at the log's end; markers run while it runs.
        agent.start(Duration.ofSeconds(60));
        runMarkers(n + 1, n += 40);
        assertEquals(40, awaitMarkers(alerts, n, Duration.ofSeconds(20)).size(), agent.tail());

        // 2. Graceful restarts, with markers run while the agent is down and while it runs.
        for (int round = 0; round < 2; round++) {
            runMarkers(n + 1, n += 20);
            agent.close();
            assertTrue(Files.exists(checkpoint), "checkpoint saved at stop");
            runMarkers(n + 1, n += 30);
            agent.start(Duration.ofSeconds(60));
            runMarkers(n + 1, n += 20);
        }
        Map<Integer, Integer> graceful = awaitMarkers(alerts, n, Duration.ofSeconds(30));
        assertEquals(n, graceful.size(), "every marker run reached an alert: " + missing(graceful, n));
        assertTrue(graceful.values().stream().allMatch(c -> c == 1), "graceful restarts repeat nothing: "
                + repeated(graceful));

        // 3. The log rotates while the agent is down (it reads the rest of the old file, then the new one),
        //    and again while it runs. (This auditd keeps one rotated file: num_logs = 2.)
        agent.close();
        runMarkers(n + 1, n += 25);
        Cmd.run("kill", "-USR1", Long.toString(auditd.pid())).requireSuccess();
        ServiceProcess.sleep(Duration.ofMillis(500));
        assertTrue(Files.exists(auditd.auditLog().resolveSibling("audit.log.1")), "auditd rotated");
        runMarkers(n + 1, n += 25);
        agent.start(Duration.ofSeconds(60));
        runMarkers(n + 1, n += 15);
        Cmd.run("kill", "-USR1", Long.toString(auditd.pid())).requireSuccess();
        runMarkers(n + 1, n += 15);
        Map<Integer, Integer> rotated = awaitMarkers(alerts, n, Duration.ofSeconds(30));
        assertEquals(n, rotated.size(), "markers run across the rotations: " + missing(rotated, n));
        assertTrue(rotated.values().stream().allMatch(c -> c == 1), repeated(rotated));

        // 4. kill -9 while markers run. Before each burst the agent has caught up and saved its checkpoint
        //    (two commit intervals), so only the burst right before a kill may be repeated, nothing else.
        java.util.Set<Integer> mayRepeat = new java.util.TreeSet<>();
        for (int round = 0; round < 3; round++) {
            runMarkers(n + 1, n += 10);
            awaitMarkers(alerts, n, Duration.ofSeconds(30));
            ServiceProcess.sleep(Duration.ofMillis(2500));
            for (int i = n + 1; i <= n + 30; i++) {
                mayRepeat.add(i);
            }
            runMarkers(n + 1, n += 30);
            agent.kill();
            agent.start(Duration.ofSeconds(60));
        }
        Map<Integer, Integer> killed = awaitMarkers(alerts, n, Duration.ofSeconds(30));
        agent.close();
        assertEquals(n, killed.size(), "kill -9 lost no marker: " + missing(killed, n));
        int repeats = 0;
        for (Map.Entry<Integer, Integer> e : killed.entrySet()) {
            if (e.getValue() > 1) {
                assertTrue(mayRepeat.contains(e.getKey()), "marker " + e.getKey() + " repeated "
                        + e.getValue() + " times, though it was handled and checkpointed before any kill");
                repeats += e.getValue() - 1;
            }
        }
        System.out.printf("[checkpoint-it] %d markers, 3 graceful restarts, 2 rotations (1 while down), 3 kill -9:"
                + " 0 lost, 0 repeated after graceful restarts, %d repeated after the kills (of the %d run in"
                + " the last commit interval before them)%n", n, repeats, mayRepeat.size());
    }

    private static String missing(Map<Integer, Integer> seen, int n) {
        List<Integer> m = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (!seen.containsKey(i)) {
                m.add(i);
            }
        }
        return "missing " + m;
    }

    private static String repeated(Map<Integer, Integer> seen) {
        Map<Integer, Integer> r = new TreeMap<>();
        seen.forEach((k, v) -> {
            if (v > 1) {
                r.put(k, v);
            }
        });
        return "repeated " + r;
    }
}
