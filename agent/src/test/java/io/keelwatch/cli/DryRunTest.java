package io.keelwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.config.EffectiveConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keelwatch run --dry-run} as its own process: it loads every layer and the rules, prints the effective
 * config (which loads back to the same config), the rule files and the audit rules a start would load, and exits
 * without starting anything.
 */
class DryRunTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) { }

    private Run keelwatch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KEELWATCH_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dry run did not exit");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    @Test
    void printsTheEffectiveConfigOfEveryLayerAndTheAuditRulesAndExits() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("keelwatch.yaml"), """
                data_dir: %s
                alerts:
                  min_priority: notice
                """.formatted(tmp.resolve("data")));
        Files.createDirectories(tmp.resolve("config.d"));
        Files.writeString(tmp.resolve("config.d/10-metrics.yaml"), "metrics:\n  listen: 127.0.0.1:19999\n");
        Files.writeString(tmp.resolve("rule.yaml"), """
                - rule: Local shell in a container
                  desc: uses the pack's macros
                  condition: spawned_process and container and proc.name = bash
                  output: shell %proc.name
                  priority: NOTICE
                """);
        Run r = keelwatch(Map.of("KEELWATCH_ALERTS_THROTTLE_WINDOW", "5m"), "run", "--dry-run", "--config",
                cfg.toString(), "--audit-source", "netlink", "--rules", tmp.resolve("rule.yaml").toString(),
                "--set", "rules.local_dir=off");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\n  min_priority: notice\n"), "from the file");
        assertTrue(r.out().contains("\n  listen: 127.0.0.1:19999\n"), "from config.d");
        assertTrue(r.out().contains("\n  throttle_window: 5m\n"), "from the environment");
        assertTrue(r.out().contains("\n  source: netlink\n"), "from a flag");
        assertTrue(r.out().contains("#   " + tmp.resolve("rule.yaml")), "the local rule file is listed");
        assertTrue(r.out().contains("# audit source: netlink-unicast"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("-a always,exit ") && l.contains("execve")),
                "the exec rule a start would load:\n" + r.out());
        assertTrue(Files.notExists(tmp.resolve("data")), "a dry run creates no state");
        assertTrue(r.out().contains("# rules added while running: tier 2 ("), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("-a always,exit ") && l.endsWith("-k kw_tier2")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("/merged/etc -F perm=wa -k kw_ctrwatch")), r.out());

        // the printed config is a config file: it loads back to what the agent would run with
        String yaml = r.out().substring(r.out().indexOf('\n') + 1, r.out().indexOf("\n\n# rules:") + 1);
        Path printed = Files.writeString(tmp.resolve("printed.yaml"), yaml);
        AgentConfig expected = ConfigLoader.load(cfg, tmp.resolve("config.d"),
                Map.of("KEELWATCH_ALERTS_THROTTLE_WINDOW", "5m"), Map.of("audit.source", "netlink",
                        "rules.paths", tmp.resolve("rule.yaml").toString(), "rules.local_dir", "off"));
        assertEquals(expected, ConfigLoader.load(printed, Map.of()));
    }

    @Test
    void theReadOnlyTrialModeLoadsNoAuditRules() throws Exception {
        Run r = keelwatch(Map.of(), "run", "--dry-run", "--audit-source", "multicast", "--set", "rules.local_dir=off");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("# audit source: netlink-multicast"), r.out());
        assertTrue(r.out().contains("# audit rules a start would load: none"), r.out());
        assertTrue(r.out().contains("# rules added while running: none (audit source multicast)"), r.out());
    }

    @Test
    void rulesThatDoNotLoadFailTheDryRun() throws Exception {
        Files.writeString(tmp.resolve("bad.yaml"), "- rule: Bad\n  condition: evt.type = (\n");
        Run r = keelwatch(Map.of(), "run", "--dry-run", "--audit-source", "none", "--set", "rules.local_dir=off",
                "--rules", tmp.resolve("bad.yaml").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.yaml"), r.err());
        Run env = keelwatch(Map.of("KEELWATCH_NO_SUCH_THING", "1"), "run", "--dry-run", "--audit-source", "none");
        assertEquals(2, env.exit());
        assertTrue(env.err().contains("KEELWATCH_NO_SUCH_THING"), env.err());
    }

    @Test
    void theEffectiveConfigOfTheDefaultsLoadsBackToThem() throws Exception {
        AgentConfig d = ConfigLoader.defaults();
        Path f = Files.writeString(tmp.resolve("d.yaml"), EffectiveConfig.yaml(d));
        assertEquals(d, ConfigLoader.load(f, Map.of()));
    }
}
