package io.keelwatch.audit.source;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tailer behind the real auditd: auditd runs with its own configuration directory and log, the
 * test's rule produces records, SIGUSR1 makes auditd rotate, and the tailer delivers the records
 * written before and after the rotation. auditd becomes the kernel's audit pid for a few seconds; the
 * test waits for the pid to be free and stops auditd in all cases.
 */
@Tag("host")
class AuditdTailTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf.resolve("plugins.d"));
        Files.createDirectories(dir.resolve("log"));
        String text = String.join("\n",
                "local_events = yes", "write_logs = yes", "log_file = " + dir.resolve("log/audit.log"),
                "log_group = root", "log_format = ENRICHED", "flush = DATA", "freq = 0", "max_log_file = 8",
                "num_logs = 5", "priority_boost = 0", "name_format = NONE", "max_log_file_action = ROTATE",
                "space_left = 2", "space_left_action = IGNORE", "admin_space_left = 1",
                "admin_space_left_action = IGNORE", "disk_full_action = IGNORE", "disk_error_action = IGNORE",
                "distribute_network = no", "q_depth = 2000", "overflow_action = SYSLOG", "max_restarts = 0",
                "plugin_dir = " + conf.resolve("plugins.d"), "end_of_event_timeout = 2", "");
        Path f = conf.resolve("auditd.conf");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        return conf;
    }

    /** Reads lines until one contains {@code marker}; returns all lines read. */
    private static List<String> readUntil(AuditLogTailer t, String marker) throws Exception {
        List<String> lines = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            TailedLine l = t.nextLine(200);
            if (l == null) continue;
            String s = new String(l.input().line(), StandardCharsets.UTF_8);
            lines.add(s);
            if (s.contains(marker)) return lines;
        }
        fail("no line with " + marker + " within 20 s; read " + lines.size() + " lines; stats " + t.stats());
        return lines;
    }

    @Test
    void tailsTheLogOfARealAuditdAcrossItsRotation() throws Exception {
        Path conf = config();
        String key = Host.key("auditd");
        AuditRule rule = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve -F key=" + key);
        AuditStatus before = Host.waitForFreeAuditPid();
        assertEquals(0, before.pid(), "pid " + before.pid() + " holds the kernel audit pid: cannot start a test auditd");
        Process auditd = null;
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditControl c = AuditControl.open()) {
            if (before.enabled() == 0) c.setEnabled(1);
            c.addRule(rule);
            try {
                auditd = new ProcessBuilder("auditd", "-n", "-s", "nochange", "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("auditd.out").toFile()).start();
                long deadline = System.currentTimeMillis() + 15_000;
                while (c.status().pid() != auditd.pid() || !Files.exists(dir.resolve("log/audit.log"))) {
                    if (!auditd.isAlive() || System.currentTimeMillis() > deadline) {
                        fail("auditd did not register: " + Files.readString(dir.resolve("auditd.out")));
                    }
                    Thread.sleep(50);
                }
                try (AuditLogTailer t = new AuditLogTailer(dir.resolve("log/audit.log"), null,
                        AuditLogTailer.StartAt.BEGINNING, stats)) {
                    String m1 = "kwbefore" + System.nanoTime();
                    Host.ok("/bin/sh", "-c", "exit 0", m1);
                    List<String> first = readUntil(t, m1);
                    assertTrue(first.get(0).startsWith("type=DAEMON_START"), first.get(0));
                    assertTrue(first.stream().anyMatch(l -> l.startsWith("type=SYSCALL") && l.contains(key)));

                    Host.ok("kill", "-USR1", Long.toString(auditd.pid()));
                    deadline = System.currentTimeMillis() + 15_000;
                    while (!Files.exists(dir.resolve("log/audit.log.1")) && System.currentTimeMillis() < deadline) {
                        Thread.sleep(50);
                    }
                    assertTrue(Files.exists(dir.resolve("log/audit.log.1")), "auditd rotated");
                    String m2 = "kwafter" + System.nanoTime();
                    Host.ok("/bin/sh", "-c", "exit 0", m2);
                    List<String> second = readUntil(t, m2);
                    assertTrue(second.stream().anyMatch(l -> l.startsWith("type=DAEMON_ROTATE")), second.toString());
                    assertEquals(1, stats.rotations());
                    assertEquals(0, stats.missedFiles());
                    assertEquals(0, stats.unterminatedLines());
                    // Everything auditd wrote is delivered once, in file order.
                    List<String> all = new ArrayList<>(first);
                    all.addAll(second);
                    List<String> files = new ArrayList<>(Files.readAllLines(dir.resolve("log/audit.log.1")));
                    files.addAll(Files.readAllLines(dir.resolve("log/audit.log")));
                    assertEquals(files.subList(0, all.size()), all);
                }
            } finally {
                if (auditd != null) {
                    auditd.destroy();
                    if (!auditd.waitFor(15, TimeUnit.SECONDS)) auditd.destroyForcibly().waitFor();
                }
                c.deleteRule(rule);
                if (before.enabled() == 0) c.setEnabled(0);
            }
            assertEquals(0, c.status().pid(), "auditd unregistered");
        }
    }
}
