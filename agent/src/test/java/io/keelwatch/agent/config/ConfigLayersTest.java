package io.keelwatch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers above the config file: config.d drop-ins, KEELWATCH_* variables, flags; and where problems point. */
class ConfigLayersTest {
    @TempDir
    Path tmp;

    private Path file() throws Exception {
        return Files.writeString(tmp.resolve("keelwatch.yaml"), """
                alerts:
                  min_priority: notice
                  stdout: true
                metrics:
                  listen: 127.0.0.1:9440
                """);
    }

    @Test
    void dropInsMergeByNameOrderThenEnvironmentThenFlags() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("config.d"));
        Files.writeString(d.resolve("20-late.yaml"), "alerts:\n  min_priority: error\n");
        Files.writeString(d.resolve("10-early.yaml"), "alerts:\n  min_priority: warning\n  file: off\n"
                + "rules:\n  paths: [/x.yaml, /y.yaml]\n");
        Files.writeString(d.resolve("ignored.yml.bak"), "bogus: 1\n");
        AgentConfig c = ConfigLoader.load(file(), d, Map.of(), Map.of());
        assertEquals("error", c.alerts().minPriority(), "the later drop-in wins");
        assertNull(c.alerts().file(), "a key only the earlier drop-in sets stays");
        assertTrue(c.alerts().stdout(), "the file's other keys in a merged section stay");
        assertEquals(List.of(Path.of("/x.yaml"), Path.of("/y.yaml")), c.rules().paths());

        AgentConfig e = ConfigLoader.load(file(), d, Map.of("KEELWATCH_ALERTS_MIN_PRIORITY", "critical",
                "KEELWATCH_METRICS_LISTEN", "off", "KEELWATCH_DATA_DIR", "/srv/kw", "KEELWATCH_JAVA_OPTS", "-Xmx1g",
                "PATH", "/bin"), Map.of());
        assertEquals("critical", e.alerts().minPriority());
        assertNull(e.metrics().listen());
        assertEquals(Path.of("/srv/kw"), e.dataDir());

        AgentConfig f = ConfigLoader.load(file(), d, Map.of("KEELWATCH_ALERTS_MIN_PRIORITY", "critical"),
                Map.of("alerts.min_priority", "debug"));
        assertEquals("debug", f.alerts().minPriority(), "a flag beats the environment");
    }

    @Test
    void problemsNameTheDropInTheVariableOrTheFlag() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("config.d"));
        Files.writeString(d.resolve("50-typo.yaml"), "alerts:\n  min_prority: warning\n");
        ConfigException typo = assertThrows(ConfigException.class, () -> ConfigLoader.load(file(), d, Map.of(),
                Map.of()));
        assertEquals(List.of(d.resolve("50-typo.yaml") + ":2:3: unknown key 'alerts.min_prority'"), typo.problems());

        Path clean = Files.createDirectories(tmp.resolve("empty.d"));
        ConfigException env = assertThrows(ConfigException.class, () -> ConfigLoader.load(file(), clean,
                Map.of("KEELWATCH_ALERTS_MIN_PRIORITY", "loud", "KEELWATCH_NO_SUCH", "1"), Map.of()));
        assertTrue(env.problems().contains("environment KEELWATCH_NO_SUCH: unknown setting"), env.problems().toString());
        assertTrue(env.problems().stream().anyMatch(p -> p.startsWith("environment KEELWATCH_ALERTS_MIN_PRIORITY=loud: ")),
                env.problems().toString());
    }

    @Test
    void noDirectoryNoFileAndDefaultsStillLoad() throws Exception {
        assertEquals(ConfigLoader.defaults(), ConfigLoader.load(null, tmp.resolve("absent.d"), Map.of(), Map.of()));
        assertEquals(tmp.resolve("config.d"), ConfigLoader.dropInDir(tmp.resolve("keelwatch.yaml")));
        assertEquals(Path.of("/etc/keelwatch/config.d"), ConfigLoader.dropInDir(null));
    }
}
