package io.keelwatch.agent.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.e2e.AuditdProcess;
import io.keelwatch.e2e.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keelwatch run} with the shipped defaults ({@code audit.deep_rules: auto}) on the real kernel, dockerd and
 * auditd: the tier-2 rules appear in {@code auditctl -l} within 1 s of a risky container's creation, a default
 * container changes nothing, they go when the last risky container stops, a rule someone else added is never
 * touched, and a knob write in the risky container becomes an alert. In netlink mode and in auditd mode.
 *
 * <p>Kernel audit state and dockerd are shared: run under {@code flock /tmp/kw-host.lock}. Everything this test
 * adds (containers labelled {@link #LABEL}, the rule keyed {@link #FOREIGN_KEY}, the shipped rules in auditd
 * mode, kw_tier2 rules) is removed in {@code @AfterEach}.
 */
@Tag("host")
class Tier2CoverageHostTest {
    /** How many tier-2 rules the shipped pack needs: what the agent must add, no more, no fewer. */
    private static final int TIER2_COUNT = io.keelwatch.rules.audit.AuditRuleSet.tier2(
            io.keelwatch.rules.engine.RuleLoader.loadDefaultPack(), io.keelwatch.rules.audit.AuditRuleSet.TIER2_KEY).size();

    private static final int METRICS = 19181;
    private static final String LABEL = "io.keelwatch.tier2test=1";
    private static final String IMAGE = "local/busybox:1";
    private static final String FOREIGN_KEY = "kwtest_foreign";
    /** Like our openat rule, another key: someone else's, to be left alone. */
    private static final String FOREIGN = "-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -F uid=4242 -k "
            + FOREIGN_KEY;
    private static final List<String> STRONG = List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined", "--security-opt", "systempaths=unconfined");
    private static final Path ROOT = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    private final List<Process> agents = new ArrayList<>();
    private AuditdProcess auditd;

    /** The kernel's rules before the test: whatever is there afterwards beyond these, this test added. */
    private final List<String> baseline = auditctlList();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : agents) {
            p.destroy();   // SIGTERM first: a clean stop removes the agent's rules itself
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        for (String id : Cmd.run("docker", "ps", "-aq", "--filter", "label=" + LABEL).out().split("\n")) {
            if (!id.isBlank()) {
                Cmd.run("docker", "rm", "-f", id.trim());
            }
        }
        deleteRule(FOREIGN);
        Cmd.run("auditctl", "-D", "-k", "kw_tier2");
        Cmd.run("auditctl", "-D", "-k", ContainerWatches.KEY);
        if (auditd != null) {
            auditd.close();
        }
        // the shipped rules loaded for auditd mode, and what a killed agent leaves (its tier-1 rules and pid exclusion:
        // the crash test kills one on purpose); under the host lock nobody else changes rules, so what is new since
        // the test began is this test's, and a rule that was there before (even one the shipped file has) stays
        for (String r : auditctlList()) {
            if ((r.startsWith("-a ") || r.startsWith("-w ")) && !baseline.contains(r)) {
                deleteRule(r);
            }
        }
        assertEquals(baseline, auditctlList(), "the kernel's rules are as the test found them");
    }

    @Test
    void netlinkModeFollowsTheRiskyContainers() throws Exception {
        assertEquals(0, AuditdProcess.registeredAuditPid(), "no audit daemon may run for the netlink mode");
        followsTheRiskyContainers("netlink", null);
    }

    @Test
    void auditdModeFollowsTheRiskyContainersThroughItsOwnControlSocket() throws Exception {
        assertEquals(0, AuditdProcess.registeredAuditPid(), "another audit daemon runs");
        auditd = new AuditdProcess(Files.createDirectories(tmp.resolve("auditd")));
        auditd.start(Duration.ofSeconds(20));
        // as a package install does: augenrules loads the shipped file (its own -c line goes on past a missing
        // directory, which makes auditctl exit 1; `auditctl -c -R` is a usage error that loads nothing)
        Cmd.Result load = Cmd.run("auditctl", "-R", ROOT.resolve("systemd/audit/keelwatch.rules").toString());
        assertTrue(auditctlList().stream().anyMatch(l -> l.contains("key=kw_exec")), "the shipped rules are loaded: "
                + load.out() + load.err());
        followsTheRiskyContainers("auditd", auditd.auditLog());
        String log = Files.readString(auditd.auditLog());
        assertTrue(log.contains("key=\"kw_tier2\"") || log.contains("key=kw_tier2"),
                "auditd logged the knob write under the agent's key");
        assertTrue(log.contains("/proc/sys/kernel/core_pattern") || log.contains(hex("/proc/sys/kernel/core_pattern")));
    }

    @Test
    void aRiskyContainerRunningAtStartIsCoveredAndACrashedAgentsRulesAreClearedByTheNext() throws Exception {
        assertEquals(0, AuditdProcess.registeredAuditPid(), "no audit daemon may run for the netlink mode");
        String id = run("kwt2-early", STRONG);
        Process first = startAgent("netlink", null, "first");
        await(() -> tier2Lines().size() == TIER2_COUNT, "loaded at start for the container already running", first);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);    // kill -9: nothing removed
        assertEquals(TIER2_COUNT, tier2Lines().size(), "a killed agent leaves its rules");
        Process second = startAgent("netlink", null, "second");
        await(() -> logOf("second").contains("left in the kernel by an earlier agent that did not stop cleanly"),
                "the next agent says it cleared them", second);
        await(() -> metric("keelwatch_audit_tier2_loaded") == 1, "and loads its own", second);
        assertEquals(TIER2_COUNT, tier2Lines().size(), "not twice: " + tier2Lines());
        second.destroy();                                          // SIGTERM: clean shutdown removes them
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), logOf("second"));
        assertEquals(List.of(), tier2Lines(), "removed at clean shutdown");
        Cmd.run("docker", "rm", "-f", id);
    }

    private void followsTheRiskyContainers(String mode, Path auditLog) throws Exception {
        Cmd.run(("auditctl " + FOREIGN).split(" ")).requireSuccess();
        Process agent = startAgent(mode, auditLog, mode);
        assertEquals(0, metric("keelwatch_audit_tier2_loaded"));
        List<String> before = withoutWatches(auditctlList());
        assertTrue(before.stream().anyMatch(l -> l.contains("key=" + FOREIGN_KEY)), before.toString());
        assertEquals(List.of(), tier2Lines());

        String plain = run("kwt2-default", List.of());
        Thread.sleep(2000);   // give a wrong load every chance to happen
        // a default container is no risk: tier 2 stays out; only its own /etc and binary directories get watches
        assertEquals(before, withoutWatches(auditctlList()), "a default container changes nothing of tier 2");
        String merged = Cmd.run("docker", "inspect", "-f", "{{.GraphDriver.Data.MergedDir}}", plain).trimmed();
        assertTrue(auditctlList().stream().anyMatch(l -> l.contains("dir=" + merged + "/etc ") && l.contains("key="
                + ContainerWatches.KEY)), "its /etc is watched: " + auditctlList());
        assertEquals(0, metric("keelwatch_audit_tier2_risky_containers"));

        Instant asked = Instant.now();
        String risky = run("kwt2-risky", STRONG);
        Instant created = Instant.parse(Cmd.run("docker", "inspect", "-f", "{{.Created}}", risky).trimmed());
        Instant seen = null;
        while (Duration.between(asked, Instant.now()).toSeconds() < 30) {
            if (tier2Lines().size() == TIER2_COUNT) {
                seen = Instant.now();
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(seen != null, "tier 2 never loaded:\n" + logOf(mode));
        // from dockerd's create event (what the agent can know first: .Created is stamped when dockerd begins the
        // create, which under load is itself hundreds of ms before the container exists and the event is sent)
        String nanos = Cmd.run(Duration.ofSeconds(20), null, List.of("docker", "events", "--since",
                Long.toString(asked.getEpochSecond() - 1), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "container=" + risky, "--filter", "event=create", "--format", "{{.TimeNano}}"))
                .requireSuccess().trimmed();
        Instant event = Instant.ofEpochSecond(0, Long.parseLong(nanos.lines().findFirst().orElseThrow()));
        long ms = Duration.between(event, seen).toMillis();
        System.out.println("tier2-load-latency mode=" + mode + " ms_after_create_event=" + ms + " ms_after_created="
                + Duration.between(created, seen).toMillis() + " (auditctl -l polled every 20 ms)");
        assertTrue(ms < 1000, "tier-2 rules " + ms + " ms after the container's create event");
        assertTrue(auditctlList().stream().anyMatch(l -> l.contains("key=" + FOREIGN_KEY)), "the foreign rule stays");

        // the attack the rules are for: write the host's core_pattern (its own value back) from the container
        Cmd.run("docker", "exec", risky, "sh", "-c",
                "v=\"$(cat /proc/sys/kernel/core_pattern)\"; printf '%s\\n' \"$v\" > /proc/sys/kernel/core_pattern")
                .requireSuccess();
        Path alerts = tmp.resolve(mode + "/data/alerts.jsonl");
        await(() -> read(alerts).contains("Kernel knob written from container")
                && read(alerts).contains("kwt2-risky"), "the knob write alerts", agent, () -> diagnose(auditLog, alerts));

        Cmd.run("docker", "rm", "-f", risky).requireSuccess();
        await(() -> tier2Lines().isEmpty(), "removed when the last risky container stops", agent);
        assertEquals(before, withoutWatches(auditctlList()), "back to exactly what was there, the foreign rule included");
        assertEquals(1, metric("keelwatch_audit_rule_changes_total{action=\"load\",result=\"ok\"}"));
        assertEquals(1, metric("keelwatch_audit_rule_changes_total{action=\"remove\",result=\"ok\"}"));
        Cmd.run("docker", "rm", "-f", plain);

        agent.destroy();
        assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, agent.exitValue(), logOf(mode));
        assertTrue(logOf(mode).contains("audit tier-2 rules loaded (" + TIER2_COUNT + " of " + TIER2_COUNT + ", key kw_tier2): container "
                + risky.substring(0, 12) + " (kwt2-risky): CAP_SYS_ADMIN"), logOf(mode));
    }

    private Process startAgent(String mode, Path auditLog, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path cfg = dir.resolve("keelwatch.yaml");
        // the shipped defaults but for where state, alerts and metrics go and, in auditd mode, which log to tail
        // (audit.source stays auto: it picks netlink with no audit daemon, the auditd log when auditd runs)
        Files.writeString(cfg, "data_dir: " + dir.resolve("data") + "\n"
                + (auditLog == null ? "" : "audit:\n  log_file: " + auditLog + "\n")
                + "alerts:\n  stdout: false\n"
                + "metrics:\n  listen: 127.0.0.1:" + METRICS + "\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch", "run",
                "--config", cfg.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile())
                .start();
        agents.add(p);
        await(() -> metric("keelwatch_rules_loaded") > 0,
                "agent " + name + " running", p);
        // the Docker events stream connects on its own thread just after: let it, or a container run now is missed
        Thread.sleep(1500);
        return p;
    }

    private String run(String name, List<String> flags) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--label", LABEL,
                "--network", "none"));
        cmd.addAll(flags);
        cmd.addAll(List.of(IMAGE, "sleep", "60"));
        return Cmd.run(Duration.ofSeconds(60), null, cmd).requireSuccess().trimmed();
    }

    private static List<String> auditctlList() {
        return List.of(Cmd.run("auditctl", "-l").requireSuccess().out().split("\n"));
    }

    /** The rules but the per-container watches (ContainerWatches), which follow every container, risky or not. */
    private static List<String> withoutWatches(List<String> rules) {
        return rules.stream().filter(l -> !l.contains("key=" + ContainerWatches.KEY)).toList();
    }

    private static List<String> tier2Lines() {
        return auditctlList().stream().filter(l -> l.contains("key=kw_tier2")).toList();
    }

    private static void deleteRule(String rule) {
        List<String> cmd = new ArrayList<>(List.of("auditctl"));
        // auditctl -l prints a block-device filetype as its number, which auditctl -d does not take back
        cmd.addAll(List.of(rule.replaceFirst("^-a ", "-d ").replaceFirst("^-w ", "-W ")
                .replace("filetype=24576", "filetype=block").split(" ")));
        Cmd.run(Duration.ofSeconds(10), null, cmd);
    }

    private String logOf(String name) {
        return read(tmp.resolve(name + ".log"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }

    private static double metric(String series) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + METRICS + "/metrics"))
                            .timeout(Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                String name = line.replace(",}", "}");
                if (name.startsWith(series + " ")) {
                    return Double.parseDouble(name.substring(series.length() + 1).trim());
                }
            }
            return 0;
        } catch (Exception e) {
            return -1;
        }
    }

    /** What the agent had seen when an alert did not come: the audit log's size and knob records, its counters. */
    private static String diagnose(Path auditLog, Path alerts) {
        StringBuilder sb = new StringBuilder();
        if (auditLog != null) {
            String log = read(auditLog);
            sb.append("audit log ").append(log.length()).append(" chars, kw_tier2 records ")
                    .append(log.split("kw_tier2", -1).length - 1).append(", core_pattern mentions ")
                    .append(log.split("core_pattern|" + hex("/proc/sys/kernel/core_pattern"), -1).length - 1).append('\n');
        }
        sb.append("alerts: ").append(read(alerts).lines().count()).append(" lines\n");
        for (String m : List.of("keelwatch_inputs_total{kind=\"AuditLine\"}", "keelwatch_inputs_total{kind=\"AuditNetlink\"}",
                "keelwatch_queue_depth{queue=\"input\"}", "keelwatch_kernel_lost_records_total")) {
            sb.append(m).append(' ').append(metric(m)).append('\n');
        }
        return sb.toString();
    }

    private void await(BooleanSupplier cond, String what, Process agent) throws Exception {
        await(cond, what, agent, () -> "");
    }

    private void await(BooleanSupplier cond, String what, Process agent, java.util.function.Supplier<String> more)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline || !agent.isAlive()) {
                throw new AssertionError(what + ": " + (agent.isAlive() ? "timed out" : "agent exited "
                        + agent.exitValue()) + "\n" + more.get() + "; agent logs:\n" + agentLogs());
            }
            Thread.sleep(100);
        }
    }

    private String agentLogs() throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(tmp)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                String s = Files.readString(p);
                sb.append("== ").append(p.getFileName()).append('\n').append(s.length() > 6000 ? s.substring(s.length() - 6000) : s);
            }
        }
        return sb.toString();
    }
}
