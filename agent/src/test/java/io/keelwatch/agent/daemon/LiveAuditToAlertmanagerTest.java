package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.pipeline.EnricherIdentity;
import io.keelwatch.agent.pipeline.ExecRuleDetector;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.ReassemblyStage;
import io.keelwatch.audit.source.AuditControl;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.NetlinkAuditSource;
import io.keelwatch.event.Enricher;
import io.keelwatch.host.live.LiveHostLookup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the live kernel: a process runs, the kernel audits it (a rule under this test's own key),
 * the agent reads it from the audit netlink multicast group, the rules match, and the alert appears in
 * the real Alertmanager's API with the labels and the event id, and on stdout as a JSON line.
 */
@Tag("host")
class LiveAuditToAlertmanagerTest {
    private static final int PORT = 19146;
    private static final String AM = "http://127.0.0.1:" + PORT;
    private static final String KEY = "kw_t_agent_exec";

    @TempDir
    Path tmp;

    @Test
    void aRealExecReachesAlertmanager() throws Exception {
        Path probe = tmp.resolve("kw-agent-probe");
        Files.copy(Path.of("/bin/true"), probe, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path amCfg = tmp.resolve("am.yml");
        Files.writeString(amCfg, "route:\n  receiver: sink\nreceivers:\n  - name: sink\n");
        AgentConfig cfg = ConfigLoader.load(null, Map.of("host", "h-live", "data_dir", tmp.resolve("agent").toString(),
                "audit.source", "none", "metrics.listen", "off", "alertmanager.urls", AM,
                "alertmanager.resend_interval", "2s", "alerts.file", "off"));
        AuditRule rule = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve -F path=" + probe
                + " -F key=" + KEY);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (ExternalProcess am = ExternalProcess.start(List.of("prometheus-alertmanager",
                "--config.file=" + amCfg, "--storage.path=" + Files.createDirectories(tmp.resolve("am")),
                "--web.listen-address=127.0.0.1:" + PORT, "--cluster.listen-address="), tmp.resolve("am.log"),
                AM + "/-/ready");
             AuditControl control = AuditControl.open()) {
            Enricher enricher = Enricher.create(LiveHostLookup.ofHost(), 10_000);
            enricher.start();
            AuditSourceStats stats = new AuditSourceStats();
            int enabledBefore = control.status().enabled();
            try (Agent agent = Agent.start(cfg, new Agent.Parts(ReassemblyStage.factory(2000, 1024),
                    new EnricherIdentity(enricher, null), ExecRuleDetector.factory("h-live"), probe.toString(),
                    List.of(new AuditSourceInput(NetlinkAuditSource.multicast(stats), AgentConfig.Overflow.DROP)),
                    InputRecorder.NONE, m -> { }), new PrintStream(stdout, true))) {
                if (enabledBefore == 0) {
                    control.setEnabled(1);
                }
                control.addRuleFirst(rule); // first: the kernel keys an event by the first rule it matches
                JsonNode found = null;
                try {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (found == null && System.nanoTime() < deadline) {
                        assertEquals(0, new ProcessBuilder(probe.toString()).start().waitFor());
                        Thread.sleep(1000);
                        for (JsonNode a : new ObjectMapper().readTree(ExternalProcess.body(AM + "/api/v2/alerts"))) {
                            if (a.get("labels").get("alertname").asText().equals("Exec of kw-agent-probe")) {
                                found = a;
                            }
                        }
                    }
                } finally {
                    control.deleteRule(rule);
                    if (enabledBefore == 0) {
                        control.setEnabled(0);
                    }
                }
                assertTrue(found != null, "no alert in Alertmanager; agent stdout: " + stdout);
                assertEquals("h-live", found.get("labels").get("instance").asText());
                assertEquals("warning", found.get("labels").get("severity").asText());
                assertEquals("other", found.get("labels").get("category").asText());
                assertTrue(found.get("annotations").get("summary").asText().contains(probe.toString()));
                String eventId = found.get("annotations").get("event_ids").asText().split(",")[0];
                JsonNode line = new ObjectMapper().readTree(stdout.toString().split("\n")[0]);
                assertEquals("Exec of kw-agent-probe", line.get("rule").asText());
                assertEquals(eventId, line.get("event").get("id").asText());
                assertEquals(KEY, line.get("event").get("keys").get(0).asText());
                assertEquals(probe.toString(), line.get("process").get("exe").asText());
                assertTrue(line.get("container").isNull(), "a host process");
                assertTrue(stats.messages() > 0);
            }
        }
    }
}
