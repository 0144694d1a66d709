package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The end-to-end proof: the packaged agent with the shipped defaults ({@link E2eConfig}), real dockerd, kernel audit
 * (through a private auditd with the shipped {@code systemd/audit/keelwatch.rules}, then through the netlink socket
 * with no auditd, the agent loading its own audit rules), the real Alertmanager and Prometheus, and attack scenarios
 * in containers that live as briefly as real ones. Every attack must reach Alertmanager with the right category;
 * benign work must raise nothing. The scorecard goes to stdout and {@code agent/target/e2e-scorecard.txt}.
 */
@Tag("host")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackSuiteIT {

    static final int ALERTMANAGER_PORT = 19171;
    static final int PROMETHEUS_PORT = 19172;
    static final int AGENT_METRICS_PORT = 19173;
    static final Duration STALE_AGE = Duration.ofSeconds(40);
    static final String NETWORK = "kwe2e-internal";

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final Path target = root.resolve("agent/target");
    private final Scorecard scorecard = new Scorecard();
    /** Checks a mode makes before its scenarios, judged with them. */
    private final List<Scorecard.Row> extraRows = new ArrayList<>();
    private Path work;
    private AlertmanagerProcess alertmanager;
    private AlertWatch watch;
    private Process hostSleeper;
    private AutoCloseable hostSetups;
    private String image;
    private String subnet;

    @BeforeAll
    void startSharedServices() throws Exception {
        Docker.requireDaemon();
        Docker.removeAllLabelled();
        work = Files.createTempDirectory(target, "e2e-");
        image = Cmd.run(Duration.ofMinutes(3), null, List.of(root.resolve("test-fixtures/e2e/build-e2e-image.sh").toString()))
                .requireSuccess().trimmed();
        subnet = Docker.createInternalNetwork(NETWORK);
        assertEquals("true", Cmd.run("docker", "network", "inspect", NETWORK, "--format", "{{.Internal}}").trimmed(),
                "lateral scenarios must run on a bridge with no route off the host");
        alertmanager = new AlertmanagerProcess(work.resolve("alertmanager"), ALERTMANAGER_PORT);
        alertmanager.start(Duration.ofSeconds(30));
        watch = new AlertWatch(new AlertmanagerClient(alertmanager.baseUrl()));
        // the nsenter scenario's target: a plain host process in the host's namespaces
        hostSleeper = new ProcessBuilder("sleep", "900").start();
        // before any agent starts: the audit watches of both modes need the scenarios' host directories
        hostSetups = ScenarioLists.openHostSetups();
    }

    @AfterAll
    void stopSharedServices() throws Exception {
        String card = scorecard.render();
        System.out.println("\n==== Keelwatch end-to-end scorecard ====\n" + card);
        scorecard.write(target.resolve("e2e-scorecard.txt"));
        if (watch != null) {
            watch.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (hostSleeper != null) {
            hostSleeper.destroy();
        }
        Docker.removeAllLabelled();
        if (hostSetups != null) {
            hostSetups.close();
        }
        Docker.removeNetwork(NETWORK);
        // the images the stale-container scenarios build, tagged with each mode's prefix (StaleScenarios)
        for (String tag : List.of("local/kw-e2e-stale:kwe2e-auditd", "local/kw-e2e-stale:kwe2e-netlink",
                "local/kw-e2e-build:kwe2e-auditd", "local/kw-e2e-build:kwe2e-netlink")) {
            Cmd.run("docker", "rmi", "-f", tag);
        }
    }

    /** Where the distribution's auditd writes, so that the agent's default `audit.log_file` finds it. */
    static final Path DEFAULT_AUDIT_LOG = Path.of("/var/log/audit/audit.log");

    @Test
    @Order(1)
    void auditdModeDetectsEveryCategoryAndStaysQuietOnBenignWork() throws Exception {
        boolean logExisted = Files.exists(DEFAULT_AUDIT_LOG);
        // auditd makes its log directory root-only: given back as it was
        Path logDir = DEFAULT_AUDIT_LOG.getParent();
        var logDirMode = Files.getPosixFilePermissions(logDir);
        var logDirGroup = Files.readAttributes(logDir, java.nio.file.attribute.PosixFileAttributes.class).group();
        try (AuditdProcess auditd = new AuditdProcess(work.resolve("auditd"), DEFAULT_AUDIT_LOG)) {
            auditd.start(Duration.ofSeconds(15));
            // As a user installs it: the packaged rules file in auditd's rules (here loaded line by line, so the
            // suite removes exactly what it added); the agent, started with the defaults, sees auditd and tails its log.
            Path shipped = root.resolve("systemd/audit/keelwatch.rules");
            scorecard.describe("auditd mode: private auditd writing " + DEFAULT_AUDIT_LOG + ", audit rules = "
                    + root.relativize(shipped) + " (the shipped file); agent config: " + E2eConfig.DESCRIPTION);
            runMode("auditd", agent -> {
                AuditRuleSet rules = AuditRuleSet.loadFile(shipped);
                assertTrue(rules.size() > 0, shipped + " loaded no rule");
                return rules;
            });
        } finally {
            if (!logExisted) {
                Files.deleteIfExists(DEFAULT_AUDIT_LOG);
            }
            Files.setPosixFilePermissions(logDir, logDirMode);
            Files.getFileAttributeView(logDir, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(logDirGroup);
        }
    }

    @Test
    @Order(2)
    void netlinkModeDetectsEveryCategoryAndStaysQuietOnBenignWork() throws Exception {
        assertEquals(0, AuditdProcess.registeredAuditPid(), "netlink mode needs no audit daemon registered");
        scorecard.describe("netlink mode: no auditd; the agent is the audit daemon and loads its own audit rules "
                + "(its default); agent config: " + E2eConfig.DESCRIPTION);
        runMode("netlink", agent -> {
            extraRows.add(agentLoadedItsAuditRules());
            return () -> { };
        });
    }

    /** With the defaults over netlink the agent loads the audit rules its pack needs: kw_exec among them. */
    private static Scorecard.Row agentLoadedItsAuditRules() {
        boolean loaded = Cmd.run("auditctl", "-l").out().contains("kw_exec");
        return new Scorecard.Row("netlink", "agent-loads-rules", "rules", loaded, java.util.Set.of(), null,
                java.util.Set.of(), loaded ? "" : "agent started but loaded no kw_exec rule");
    }

    /** What a mode sets up once the agent runs (the audit rules in auditd mode), undone after the scenarios. */
    interface AfterStart {
        AutoCloseable setUp(AgentProcess agent) throws Exception;
    }

    private void runMode(String mode, AfterStart afterStart) throws Exception {
        Path dir = Files.createDirectories(work.resolve(mode));
        Path config = E2eConfig.write(dir, root, alertmanager.baseUrl(), AGENT_METRICS_PORT, STALE_AGE);
        try (AgentProcess agent = new AgentProcess(dir.resolve("agent"), root.resolve("bin/keelwatch"),
                target.resolve("keelwatch.jar"), config, AGENT_METRICS_PORT);
             PrometheusProcess prometheus = new PrometheusProcess(dir.resolve("prometheus"), PROMETHEUS_PORT,
                     "127.0.0.1:" + AGENT_METRICS_PORT, shippedPrometheusRules())) {
            agent.start(Duration.ofSeconds(60));
            prometheus.start(Duration.ofSeconds(30));
            try (AutoCloseable modeSetup = afterStart.setUp(agent)) {
                runScenarios(mode, agent, prometheus);
            }
        } finally {
            Docker.removeAllLabelled();
        }
    }

    private void runScenarios(String mode, AgentProcess agent, PrometheusProcess prometheus) throws Exception {
        Path dir = work.resolve(mode);
        ScenarioContext ctx = new ScenarioContext("kwe2e-" + mode, image, NETWORK, ScenarioContext.subnetPrefix(subnet),
                hostSleeper.pid(), ScenarioContext.hostRootDevice(), ScenarioContext.hostRuncPath(), STALE_AGE,
                Files.createDirectories(dir.resolve("builds")));
        List<Scorecard.Row> rows = new ArrayList<>(extraRows);
        extraRows.clear();
        for (Scenario s : selected(ScenarioLists.benign())) {
            rows.add(judge(mode, s, s.runner().run(ctx, ctx.prefix() + "-" + s.name()), Set.of()));
        }
        // A rule that fires on benign work is no evidence of an attack: it does not count as a detection below.
        Set<String> noisy = new TreeSet<>();
        rows.stream().filter(r -> r.expected().equals("none")).forEach(r -> noisy.addAll(r.rules()));
        Scenario longLived = Scenarios.longLived();
        Scenario.Started aging = longLived.runner().run(ctx, ctx.prefix() + "-" + longLived.name());
        for (Scenario s : selected(ScenarioLists.attacks())) {
            rows.add(judge(mode, s, s.runner().run(ctx, ctx.prefix() + "-" + s.name()), noisy));
        }
        rows.add(judge(mode, longLived, aging, noisy));
        KnownGaps gaps = KnownGaps.load(root.resolve("test-fixtures/e2e/known-gaps.txt"));
        List<Scorecard.Row> failed = new ArrayList<>();
        for (Scorecard.Row r : rows) {
            String reason = gaps.reason(mode, r.scenario());
            if (!r.pass() && reason == null) {
                failed.add(r);
            }
        }
        rows = rows.stream().map(r -> {
            String reason = gaps.reason(mode, r.scenario());
            if (reason == null) {
                return r;
            }
            String note = r.pass() ? "listed as known gap but passed: remove it from known-gaps.txt"
                    : "KNOWN GAP: " + reason;
            return new Scorecard.Row(r.mode(), r.scenario(), r.expected(), r.pass(), r.rules(), r.latency(),
                    r.otherCategories(), (r.note() + " " + note).strip());
        }).toList();
        rows.forEach(scorecard::add);
        assertTrue(agent.isAlive(), "the agent died during the run:\n" + agent.tail());
        String up = prometheus.query("up{job=\"keelwatch\"}");
        assertTrue(up.contains("\"value\":[") && up.contains(",\"1\"]"), "Prometheus does not scrape the agent: " + up);
        assertTrue(failed.isEmpty(), mode + " mode: " + failed.size() + " scenario(s) failed:\n" + scorecard.render()
                + "\nagent log:\n" + agent.tail());
    }

    /** All scenarios; -Dkeelwatch.e2e.only=a,b narrows a developer's run (CI sets nothing). */
    private static List<Scenario> selected(List<Scenario> all) {
        String only = System.getProperty("keelwatch.e2e.only", "");
        if (only.isBlank()) {
            return all;
        }
        List<String> names = List.of(only.split(","));
        return all.stream().filter(s -> names.contains(s.name())).toList();
    }

    private Scorecard.Row judge(String mode, Scenario s, Scenario.Started run, Set<String> noisy) {
        Instant from = run.detectableFrom().minusSeconds(1);
        if (s.benign()) {
            ServiceProcess.sleep(s.window());
            List<AlertWatch.Seen> noise = watch.all().stream().filter(seen -> seen.firstSeen().isAfter(from)
                    && mentionsAny(seen, run)).toList();
            Set<String> rules = new TreeSet<>();
            noise.forEach(n -> rules.add(n.alert().label("alertname")));
            return new Scorecard.Row(mode, s.name(), s.category(), noise.isEmpty(), rules, null, categories(noise),
                    noise.isEmpty() ? "" : "alerts on benign work");
        }
        List<AlertWatch.Seen> hits = watch.await(seen -> seen.alert().mentions(run.containerName(), run.containerId())
                && s.category().equals(seen.alert().label("category")) && seen.firstSeen().isAfter(from)
                && !noisy.contains(seen.alert().label("alertname"))
                && !s.notEvidence().contains(seen.alert().label("alertname")), s.window()
                .plus(Duration.between(Instant.now(), run.detectableFrom()).isNegative() ? Duration.ZERO
                        : Duration.between(Instant.now(), run.detectableFrom())));
        Set<String> rules = new TreeSet<>();
        Instant first = null;
        for (AlertWatch.Seen h : hits) {
            rules.add(h.alert().label("alertname"));
            first = first == null || h.firstSeen().isBefore(first) ? h.firstSeen() : first;
        }
        Set<String> other = categories(watch.about(run.containerName(), run.containerId()));
        other.remove(s.category());
        Duration latency = first == null ? null : Duration.between(run.detectableFrom(), first);
        if (latency != null && latency.isNegative()) {
            latency = Duration.ZERO;
        }
        return new Scorecard.Row(mode, s.name(), s.category(), !hits.isEmpty(), rules, latency, other, "");
    }

    private static boolean mentionsAny(AlertWatch.Seen seen, Scenario.Started run) {
        if (!run.containerName().isEmpty() && seen.alert().mentions(run.containerName(), run.containerId())) {
            return true;
        }
        return run.allContainerIds().stream().anyMatch(id -> !id.isEmpty() && seen.alert().mentions("\0", id));
    }

    private static Set<String> categories(List<AlertWatch.Seen> seen) {
        Set<String> c = new TreeSet<>();
        seen.forEach(s -> c.add(s.alert().label("category")));
        return c;
    }

    private Path shippedPrometheusRules() {
        Path p = root.resolve("packaging/prometheus/keelwatch-alerts.yml");
        return Files.exists(p) ? p : null;
    }
}
