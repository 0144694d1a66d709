package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.pipeline.AuditFixture;
import io.keelwatch.metrics.RecordMetrics;
import io.keelwatch.metrics.RecordMetrics.Table;
import io.keelwatch.process.ProcessTableStats;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live agent's {@code /metrics}, scraped over HTTP, has every component of every stage's stats record (the
 * reassembler, process table, container registry, rule engine, audit source, host lookup, runtime event stream),
 * next to the names that existed before the records were exported whole.
 */
class StageMetricsScrapeTest {
    @TempDir
    Path tmp;

    @Test
    void everyComponentOfEveryStatsRecordIsUnderMetrics() throws Exception {
        try (FakeDockerDaemon docker = new FakeDockerDaemon(tmp.resolve("docker.sock"), FakeDockerDaemon.Events.SILENT)) {
            AgentConfig cfg = ConfigLoader.load(null, Map.of("host", "h-test", "data_dir", tmp.resolve("agent").toString(),
                    "audit.source", "none", "alerts.stdout", "false", "metrics.listen", "127.0.0.1:0",
                    "journal.enabled", "false", "docker.socket", docker.socket().toString(),
                    "runtimes.containerd.sockets", "", "runtimes.crio.sockets", "", "rules.local_dir", "off"));
            try (LiveParts parts = LiveParts.build(cfg);
                 Agent agent = Agent.start(cfg, parts.parts(), new PrintStream(PrintStream.nullOutputStream()))) {
                for (String l : AuditFixture.lines()) {
                    agent.queue().put(AuditFixture.received(l));
                }
                String url = "http://127.0.0.1:" + agent.metricsPort() + "/metrics";
                // the core publishes on its ticks: wait until the fixture's records show in the reassembler's
                awaitSample(url, "keelwatch_reassembly_records_total", v -> v > 1000);
                String exposition = ExternalProcess.body(url);
                List<String> missing = new ArrayList<>();
                int names = 0;
                for (Table<?> t : StageTables.ALL) {
                    for (String name : t.sampleNames()) {
                        names++;
                        if (!hasSample(exposition, name)) {
                            missing.add(name);
                        }
                    }
                }
                assertEquals(List.of(), missing, "stats components not under /metrics");
                assertEquals(StageTables.ALL.stream().mapToInt(t -> t.type().getRecordComponents().length).sum(), names);
                // the names dashboards and alerts use stay
                for (String old : List.of("keelwatch_process_table_entries", "keelwatch_container_cache_entries",
                        "keelwatch_audit_serial_gaps_total", "keelwatch_kernel_lost_records_total")) {
                    assertTrue(hasSample(exposition, old), old + " is gone:\n" + exposition);
                }
                assertEquals(1, exposition.lines().filter(l -> l.startsWith("keelwatch_process_table_entries ")).count(),
                        "the process table's size is one series");
                assertTrue(exposition.contains("keelwatch_event_stream_connected{stream=\"docker:" + docker.socket()
                        + "\",} 1.0"), "the Docker stream is open:\n" + exposition);
                assertTrue(exposition.contains("keelwatch_up{part=\"core\",} 1.0"), exposition);
                assertTrue(exposition.contains("keelwatch_up{part=\"docker:" + docker.socket() + "\",} 1.0"), exposition);
                assertTrue(sample(exposition, "keelwatch_rule_engine_events_evaluated_total") > 0, exposition);
                assertTrue(sample(exposition, "keelwatch_process_table_entries") > 0, "seeded from /proc");
            }
        }
    }

    @Test
    void aTableThatMissesAComponentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Table<>(
                ProcessTableStats.class, "process_table", List.of(RecordMetrics.gauge("entries", "Processes."))));
        assertTrue(e.getMessage().contains("seeded has no column"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Table<>(ProcessTableStats.class, "process_table",
                new ArrayList<>(StageTables.PROCESS_TABLE.columns()) {{
                    add(RecordMetrics.counter("reaped", "Processes reaped."));
                }}));
        assertTrue(e.getMessage().contains("reaped is no component"), e.getMessage());
    }

    private static boolean hasSample(String exposition, String name) {
        return exposition.lines().anyMatch(l -> l.startsWith(name + " ") || l.startsWith(name + "{"));
    }

    private static double sample(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l ->
                Double.parseDouble(l.substring(name.length() + 1).trim())).findFirst().orElse(-1);
    }

    private static void awaitSample(String url, String name, java.util.function.DoublePredicate ok) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Double> seen = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            double v = sample(ExternalProcess.body(url), name);
            seen.put(name, v);
            if (ok.test(v)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + name + ": " + seen);
    }
}
