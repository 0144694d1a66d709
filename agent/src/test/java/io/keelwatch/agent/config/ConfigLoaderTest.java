package io.keelwatch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Path SHIPPED = Path.of(System.getProperty("keelwatch.root", ".."), "packaging/keelwatch.yaml");

    @Test
    void shippedFileDocumentsExactlyTheEmbeddedDefaults() throws Exception {
        assertEquals(ConfigLoader.defaults(), ConfigLoader.load(SHIPPED, Map.of()));
    }

    @Test
    void defaultsPutStateUnderTheDataDirectory() {
        AgentConfig c = ConfigLoader.defaults();
        assertEquals(Path.of("/var/lib/keelwatch/alerts.jsonl"), c.alerts().file());
        assertEquals(Path.of("/var/lib/keelwatch/outbox"), c.alertmanager().outboxDir());
        assertEquals("127.0.0.1:9440", c.metrics().listen());
        assertEquals(AgentConfig.AuditSource.AUTO, c.audit().source());
        assertTrue(c.alerts().stdout());
    }

    @Test
    void deepRulesFollowTheRiskByDefaultAndTakeTrueAndFalse() throws Exception {
        assertEquals(AgentConfig.DeepRules.AUTO, ConfigLoader.defaults().audit().deepRules());
        assertEquals(AgentConfig.DeepRules.ALWAYS,
                ConfigLoader.parse("k.yaml", "audit:\n  deep_rules: true\n", Map.of()).audit().deepRules());
        assertEquals(AgentConfig.DeepRules.NEVER,
                ConfigLoader.parse("k.yaml", "audit:\n  deep_rules: auto\n", Map.of("audit.deep_rules", "false"))
                        .audit().deepRules());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("k.yaml", "audit:\n  deep_rules: sometimes\n", Map.of()));
        assertEquals(List.of("k.yaml:2:15: audit.deep_rules: expected auto, true or false, got 'sometimes'"), e.problems());
    }

    @Test
    void unknownKeyIsReportedWithFileLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("k.yaml",
                "alerts:\n  stdout: false\n  flie: /tmp/x\n", Map.of()));
        assertEquals(List.of("k.yaml:3:3: unknown key 'alerts.flie'"), e.problems());
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("k.yaml", """
                pipeline:
                  queue_capacity: lots
                alertmanager:
                  resend_interval: 10 minutes
                  urls: [ftp://x]
                audit:
                  source: carrier-pigeon
                """, Map.of()));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("k.yaml:7:11: audit.source: expected one of"), e.getMessage());
        assertTrue(e.getMessage().contains("k.yaml:2:19: pipeline.queue_capacity: expected an integer"));
        assertTrue(e.getMessage().contains("k.yaml:4:20: alertmanager.resend_interval"));
        assertTrue(e.getMessage().contains("k.yaml:5:10: alertmanager.urls: expected an http(s) URL"));
    }

    @Test
    void syntaxErrorsCarryTheirLocation() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("k.yaml", "alerts:\n  stdout: [true\n", Map.of()));
        assertTrue(e.problems().get(0).startsWith("k.yaml:3:"), e.getMessage());
    }

    @Test
    void runtimeSocketsDefaultToTheUsualPathsAndCanBeTurnedOff() throws Exception {
        AgentConfig d = ConfigLoader.parse("k.yaml", "", Map.of());
        assertEquals(Path.of("/run/containerd/containerd.sock"), d.runtimes().containerdSockets().get(0));
        assertEquals(Path.of("/run/crio/crio.sock"), d.runtimes().crioSockets().get(0));
        AgentConfig c = ConfigLoader.parse("k.yaml", """
                runtimes:
                  containerd:
                    sockets: [/host/run/containerd/containerd.sock]
                  crio:
                    sockets: []
                  cri_poll_interval: 500ms
                """, Map.of());
        assertEquals(List.of(Path.of("/host/run/containerd/containerd.sock")), c.runtimes().containerdSockets());
        assertEquals(List.of(), c.runtimes().crioSockets());
        assertEquals(java.time.Duration.ofMillis(500), c.runtimes().criPollInterval());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("k.yaml", "runtimes:\n  docker: {}\n", Map.of()));
    }

    @Test
    void flagsOverrideTheFileAndUnknownFlagsAreErrors() throws Exception {
        AgentConfig c = ConfigLoader.parse("k.yaml", "data_dir: /srv/kw\nalerts:\n  file: off\n",
                Map.of("alerts.file", "/tmp/a.jsonl", "alertmanager.urls", "http://a:9093,http://b:9093",
                        "metrics.listen", "off", "pipeline.queue_capacity", "1024"));
        assertEquals(Path.of("/tmp/a.jsonl"), c.alerts().file());
        assertEquals(List.of(URI.create("http://a:9093"), URI.create("http://b:9093")), c.alertmanager().urls());
        assertNull(c.metrics().listen());
        assertEquals(1024, c.pipeline().queueCapacity());
        assertEquals(Path.of("/srv/kw/outbox"), c.alertmanager().outboxDir());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("k.yaml", "", Map.of("alerts.colour", "red")));
        assertEquals(List.of("flag alerts.colour: unknown setting"), e.problems());
    }

    @Test
    void offTurnsAPathFeatureOff() throws Exception {
        AgentConfig c = ConfigLoader.parse("k.yaml", "alerts:\n  file: off\njournal:\n  dir: /j\n", Map.of());
        assertNull(c.alerts().file());
        assertEquals(Path.of("/j"), c.journal().dir());
    }

    @Test
    void durationsAndSizes() {
        assertEquals(Duration.ofMillis(500), ConfigLoader.duration("500ms"));
        assertEquals(Duration.ofDays(7), ConfigLoader.duration("7d"));
        assertEquals(10L << 30, ConfigLoader.size("10GiB"));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.duration("5 m"));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.size("-3MiB"));
    }
}
