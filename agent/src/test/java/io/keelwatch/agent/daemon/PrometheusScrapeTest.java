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
import io.keelwatch.agent.pipeline.ReassemblyStage;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.KernelLostPoller;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code prometheus} scrapes the agent on loopback: every documented metric is there, the
 * exposition passes {@code promtool check metrics}, and the shipped health rules load and evaluate.
 */
@Tag("host")
class PrometheusScrapeTest {
    private static final int AGENT_PORT = 19141;
    private static final int PROM_PORT = 19142;
    private static final String PROM = "http://127.0.0.1:" + PROM_PORT;
    private static final Path RULES = Path.of(System.getProperty("keelwatch.root", ".."),
            "packaging/prometheus/keelwatch-alerts.yml");

    static final List<String> METRICS = List.of(
            "keelwatch_audit_records_total", "keelwatch_audit_events_total", "keelwatch_audit_parse_errors_total",
            "keelwatch_kernel_lost_records_total", "keelwatch_audit_serial_gaps_total", "keelwatch_inputs_total",
            "keelwatch_queue_depth", "keelwatch_queue_capacity", "keelwatch_dropped_total",
            "keelwatch_alerts_total", "keelwatch_alerts_folded_total", "keelwatch_alertmanager_posts_total",
            "keelwatch_alertmanager_alerts_sent_total", "keelwatch_alertmanager_failures_total",
            "keelwatch_outbox_alerts", "keelwatch_journal_size_bytes", "keelwatch_rule_evaluation_seconds_bucket",
            "keelwatch_detection_latency_seconds_bucket", "keelwatch_process_table_entries",
            "keelwatch_container_cache_entries", "keelwatch_rules_loaded", "keelwatch_build_info",
            "jvm_memory_bytes_used", "jvm_gc_collection_seconds_count", "process_cpu_seconds_total");

    @TempDir
    Path tmp;

    @Test
    void prometheusScrapesEveryDocumentedMetricAndTheExpositionIsClean() throws Exception {
        Map<String, String> set = Map.of("host", "h-test", "data_dir", tmp.resolve("agent").toString(),
                "audit.source", "none", "alerts.stdout", "false", "metrics.listen", "127.0.0.1:" + AGENT_PORT,
                "alertmanager.urls", "http://127.0.0.1:19149", "alertmanager.timeout", "1s");
        AuditSourceStats lost = new AuditSourceStats();
        AgentConfig cfg = ConfigLoader.load(null, set);
        try (KernelLostPoller poller = KernelLostPoller.open(lost);
             JournalRecorder journal = new JournalRecorder(cfg.journal());
             Agent agent = Agent.start(cfg, new Agent.Parts(
                ReassemblyStage.factory(2000, 1024), new BasicIdentity(), ExecRuleDetector.factory("h-test"),
                "/usr/bin/docker,/usr/bin/sleep", List.of(), journal,
                m -> {
                    m.kernelLost().add(lost::kernelLost);
                    journal.bind(m);
                }),
                new PrintStream(PrintStream.nullOutputStream()))) {
            poller.start(1000);
            for (String l : AuditFixture.lines()) {
                agent.queue().put(AuditFixture.received(l));
            }
            agent.queue().put(AuditFixture.received("type=SYSCALL msg=audit(garbage"));

            Path promCfg = tmp.resolve("prometheus.yml");
            Files.copy(RULES, tmp.resolve("keelwatch-alerts.yml"));
            Files.writeString(promCfg, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [keelwatch-alerts.yml]
                    scrape_configs:
                      - job_name: keelwatch
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(AGENT_PORT));
            try (ExternalProcess prom = ExternalProcess.start(List.of("prometheus", "--config.file=" + promCfg,
                    "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + PROM_PORT),
                    tmp.resolve("prometheus.log"), PROM + "/-/ready")) {
                List<String> missing = new ArrayList<>(METRICS);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!missing.isEmpty() && System.nanoTime() < deadline) {
                    missing.removeIf(m -> !query(m).isEmpty());
                    Thread.sleep(500);
                }
                assertEquals(List.of(), missing, "metrics Prometheus does not have");
                assertEquals("1", query("up{job=\"keelwatch\"}").get(0).get("value").get(1).asText());
                assertTrue(query("keelwatch_alerts_total{rule=\"Exec of docker\",category=\"other\","
                        + "priority=\"warning\"}").size() == 1);
                assertEquals("1", query("keelwatch_audit_parse_errors_total").get(0).get("value").get(1).asText());
                assertTrue(query("keelwatch_audit_records_total{type=\"SYSCALL\"} > 1000").size() == 1);
                assertTrue(query("keelwatch_journal_size_bytes > 0").size() == 1, "the journal records");
                JsonNode groups = new ObjectMapper().readTree(ExternalProcess.body(PROM + "/api/v1/rules"))
                        .get("data").get("groups");
                assertEquals("keelwatch-agent", groups.get(0).get("name").asText());
                for (JsonNode rule : groups.get(0).get("rules")) {
                    assertEquals("ok", rule.get("health").asText(), rule.toString());
                }
            }

            String exposition = ExternalProcess.body("http://127.0.0.1:" + AGENT_PORT + "/metrics");
            Process check = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            check.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
            check.getOutputStream().close();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), out);
            assertEquals("", out.strip(), "promtool check metrics findings");
        }
    }

    private static List<JsonNode> query(String promql) {
        try {
            JsonNode r = new ObjectMapper().readTree(ExternalProcess.body(PROM + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
            List<JsonNode> out = new ArrayList<>();
            r.get("data").get("result").forEach(out::add);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }
}
