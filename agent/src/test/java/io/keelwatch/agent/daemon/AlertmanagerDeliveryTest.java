package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.pipeline.AuditFixture;
import io.keelwatch.agent.pipeline.BasicIdentity;
import io.keelwatch.agent.pipeline.ExecRuleDetector;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.ReassemblyStage;
import io.keelwatch.alert.alertmanager.AlertmanagerSender;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code prometheus-alertmanager} on loopback: alerts raised by real audit records (the team's
 * capture) through the pipeline reach its API with the right labels, and survive Alertmanager being
 * down across an agent restart: every alert arrives, exactly once.
 */
@Tag("host")
class AlertmanagerDeliveryTest {
    private static final int PORT = 19140;
    private static final String AM = "http://127.0.0.1:" + PORT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LATER = List.of("/usr/bin/sleep", "/usr/bin/date", "/usr/bin/cp",
            "/usr/bin/rm", "/usr/bin/ls");
    private static List<String> lines;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        lines = AuditFixture.lines();
    }

    private ExternalProcess alertmanager() throws Exception {
        Path cfg = tmp.resolve("am.yml");
        Files.writeString(cfg, "route:\n  receiver: sink\nreceivers:\n  - name: sink\n");
        Files.createDirectories(tmp.resolve("am-data"));
        return ExternalProcess.start(List.of("prometheus-alertmanager", "--config.file=" + cfg,
                "--storage.path=" + tmp.resolve("am-data"), "--web.listen-address=127.0.0.1:" + PORT,
                "--cluster.listen-address="), tmp.resolve("alertmanager.log"), AM + "/-/ready");
    }

    private Agent agent(String rules) throws Exception {
        Map<String, String> set = new HashMap<>();
        set.put("host", "h-test");
        set.put("data_dir", tmp.resolve("agent").toString());
        set.put("audit.source", "none");
        set.put("alerts.stdout", "false");
        set.put("metrics.listen", "off");
        set.put("alertmanager.urls", AM);
        set.put("alertmanager.resend_interval", "1s");
        // The alerts carry the capture's event times, days before now: hold them active past its age.
        set.put("alertmanager.hold_for", (captureAgeHours() + 48) + "h");
        set.put("alertmanager.timeout", "2s");
        AgentConfig cfg = ConfigLoader.load(null, set);
        return Agent.start(cfg, new Agent.Parts(ReassemblyStage.factory(2000, 1024), new BasicIdentity(),
                ExecRuleDetector.factory("h-test"), rules, List.of(), InputRecorder.NONE, m -> { }),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    /** How long ago the capture's first record was written, in whole hours. */
    private static long captureAgeHours() throws io.keelwatch.audit.MalformedRecordException {
        long firstMs = io.keelwatch.audit.AuditRecord.parse(lines.get(0)).timestampMs();
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - firstMs)).toHours();
    }

    private static void feedCapture(Agent a) throws InterruptedException {
        for (String l : lines) {
            a.queue().put(AuditFixture.received(l));
        }
    }

    private static JsonNode alerts() throws Exception {
        return JSON.readTree(ExternalProcess.body(AM + "/api/v2/alerts"));
    }

    private static Map<String, Integer> countByName(JsonNode alerts) {
        Map<String, Integer> m = new TreeMap<>();
        alerts.forEach(a -> m.merge(a.get("labels").get("alertname").asText(), 1, Integer::sum));
        return m;
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static int pending(Agent a) {
        return a.alertmanagerSenders().stream().mapToInt(s -> s.outbox().pending()).sum();
    }

    @Test
    void alertsReachAlertmanagerWithTheirLabelsAndSurviveItsOutageAcrossAnAgentRestart() throws Exception {
        // 1. Alertmanager up: an exec of docker in the capture becomes an Alertmanager alert.
        try (ExternalProcess am = alertmanager()) {
            try (Agent a = agent("/usr/bin/docker")) {
                feedCapture(a);
                await("the docker alert in Alertmanager", () -> {
                    try {
                        return countByName(alerts()).containsKey("Exec of docker");
                    } catch (Exception e) {
                        return false;
                    }
                });
                await("the outbox to drain", () -> pending(a) == 0);
            }
            JsonNode alert = alerts().get(0);
            JsonNode labels = alert.get("labels");
            assertEquals("Exec of docker", labels.get("alertname").asText());
            assertEquals("warning", labels.get("severity").asText());
            assertEquals("other", labels.get("category").asText());
            assertEquals("h-test", labels.get("instance").asText());
            assertEquals(16, labels.get("alert_key").asText().length());
            assertTrue(alert.get("annotations").get("summary").asText().startsWith("Exec of /usr/bin/docker"));
            assertTrue(alert.get("annotations").get("event_ids").asText().matches("\\d+\\.\\d{3}:\\d+.*"));
            assertEquals("active", alert.get("status").get("state").asText());
        }

        // 2. Alertmanager down: new alerts wait on disk; the agent restarts meanwhile.
        try (Agent b = agent(String.join(",", LATER))) {
            feedCapture(b);
            // The docker alert may wait too: its folded repeats are released when the first agent stops.
            await("five new alerts pending in the outbox", () -> b.core().stats().alerts().size() == LATER.size()
                    && pending(b) >= LATER.size());
            AlertmanagerSender s = b.alertmanagerSenders().get(0);
            await("a failed post", () -> s.failuresTotal() > 0);
        }
        assertEquals(LATER.size() + 1, Files.list(tmp.resolve("agent/outbox")).findFirst().map(d -> {
            try (var f = Files.list(d)) {
                return (int) f.filter(p -> p.toString().endsWith(".json")).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).orElse(0));

        // 3. A fresh agent with no input, then Alertmanager: every alert arrives, exactly once.
        try (Agent c = agent("")) {
            try (ExternalProcess am = alertmanager()) {
                await("the outbox to drain", () -> pending(c) == 0);
                await("six alerts", () -> {
                    try {
                        return alerts().size() >= LATER.size() + 1;
                    } catch (Exception e) {
                        return false;
                    }
                });
                Thread.sleep(3000); // several resend rounds (1 s): re-posts must not add alerts
                Map<String, Integer> byName = countByName(alerts());
                Map<String, Integer> expected = new TreeMap<>();
                expected.put("Exec of docker", 1);
                LATER.forEach(e -> expected.put(ExecRuleDetector.ruleOf(e), 1));
                assertEquals(expected, byName);
                for (JsonNode a : alerts()) {
                    assertEquals("active", a.get("status").get("state").asText());
                }
            }
        }
    }
}
