package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's read-only trial: {@code keelwatch run --audit-source multicast} beside whatever owns the kernel's
 * audit connection changes nothing of the audit subsystem: the same rules and the same settings before and after.
 */
@Tag("host")
class TrialModeTest {
    /** auditctl -s lines that are settings; the others (lost, backlog, ...) are counters that move by themselves. */
    private static final Set<String> SETTINGS = Set.of("enabled", "failure", "pid", "rate_limit", "backlog_limit",
            "backlog_wait_time", "loginuid_immutable");

    @TempDir
    Path tmp;

    private static List<String> run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + lines);
        return lines;
    }

    private static List<String> auditState() throws Exception {
        List<String> state = new ArrayList<>(run("auditctl", "-l"));
        for (String l : run("auditctl", "-s")) {
            if (SETTINGS.contains(l.split(" ", 2)[0])) {
                state.add(l);
            }
        }
        return state;
    }

    @Test
    void multicastBesideAuditdLoadsNoRuleAndChangesNoSetting() throws Exception {
        List<String> before = auditState();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch", "run",
                "--audit-source", "multicast", "--data-dir", tmp.resolve("data").toString(), "--no-stdout",
                "--metrics-listen", "off", "--log-level", "info", "--set", "rules.local_dir=off"));
        Path log = tmp.resolve("agent.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 300 && !Files.readString(log).contains("agent running"); i++) {
                assertTrue(p.isAlive(), Files.readString(log));
                Thread.sleep(100);
            }
            assertTrue(Files.readString(log).contains("audit source netlink-multicast"), Files.readString(log));
            Thread.sleep(2000); // let it read for a while
            assertTrue(p.isAlive(), Files.readString(log));
            assertEquals(before, auditState(), "the audit rules and settings while it runs");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(before, auditState(), "the audit rules and settings after it stopped");
    }
}
