package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keelwatch run} as its own process: starts from a config file, reloads on SIGHUP, keeps the old
 * rules (and says why) when the new ones do not load, and stops cleanly on SIGTERM.
 */
@Tag("host")
class RunCommandReloadTest {
    private static final int METRICS = 19145;
    private static final Path PACK = Path.of(System.getProperty("keelwatch.root", ".."), "rules/pack");

    @TempDir
    Path tmp;

    @Test
    void sighupReloadsRulesAndABadReloadKeepsTheOldOnes() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        for (String f : List.of("macros.yaml", "container-escape.yaml")) {
            Files.copy(PACK.resolve(f), rules.resolve(f));
        }
        Path cfg = tmp.resolve("keelwatch.yaml");
        Files.writeString(cfg, """
                data_dir: %s
                audit:
                  source: none
                alerts:
                  stdout: false
                rules:
                  # only the files of the rules directory below, which the test changes: no pack, no rules.d
                  default_pack: false
                  local_dir: "off"
                  paths: [%s]
                metrics:
                  listen: 127.0.0.1:%d
                log:
                  level: info
                """.formatted(tmp.resolve("data"), rules, METRICS));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch", "run",
                "--config", cfg.toString()));
        Path log = tmp.resolve("agent.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await(() -> metric("keelwatch_rules_loaded") > 0, log);
            double before = metric("keelwatch_rules_loaded");

            Files.writeString(rules.resolve("zz-broken.yaml"), "- rule: Broken\n  condition: evt.type = (\n");
            hup(p);
            await(() -> metric("keelwatch_config_reloads_total{result=\"failed\"}") == 1, log);
            await(() -> contains(log, "rules not reloaded, the old rules keep running"), log);
            assertEquals(before, metric("keelwatch_rules_loaded"), "the old rules keep running");
            assertTrue(Files.readString(log).contains("zz-broken.yaml"), "the message names the file");

            Files.delete(rules.resolve("zz-broken.yaml"));
            Files.copy(PACK.resolve("crypto-mining.yaml"), rules.resolve("crypto-mining.yaml"));
            hup(p);
            await(() -> metric("keelwatch_rules_loaded") > before, log);
            assertEquals(1, metric("keelwatch_config_reloads_total{result=\"ok\"}"));

            hup(p);  // nothing changed: the reload says so, and the rules info keeps its one series
            await(() -> metric("keelwatch_config_reloads_total{result=\"unchanged\"}") == 1, log);
            await(() -> contains(log, "rules unchanged (sha256:"), log);
            assertEquals(1, scrape().lines().filter(l -> l.startsWith("keelwatch_rules_info{")).count(), scrape());
            assertTrue(scrape().contains("pack_version=\"0.1.0\""), scrape());

            Files.writeString(cfg, Files.readString(cfg) + "bogus: 1\n");
            hup(p);
            await(() -> contains(log, "reload refused"), log);
            assertTrue(contains(log, "keelwatch.yaml:15:1: unknown key 'bogus'"), Files.readString(log));
            assertTrue(p.isAlive());
        } finally {
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "stops on SIGTERM");
        }
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    private static void hup(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String scrape() throws Exception {
        return ExternalProcess.body("http://127.0.0.1:" + METRICS + "/metrics");
    }

    private static double metric(String series) {
        try {
            for (String line : ExternalProcess.body("http://127.0.0.1:" + METRICS + "/metrics").split("\n")) {
                String name = line.replace(",}", "}");
                if (name.startsWith(series + " ")) {
                    return Double.parseDouble(name.substring(series.length() + 1).trim());
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return 0;
    }

    private static void await(BooleanSupplier cond, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String scraped;
                try {
                    scraped = scrape();
                } catch (Exception e) {
                    scraped = "(scrape failed: " + e + ")";
                }
                throw new AssertionError("timed out; agent log:\n" + Files.readString(log) + "\nmetrics:\n" + scraped);
            }
            Thread.sleep(200);
        }
    }
}
