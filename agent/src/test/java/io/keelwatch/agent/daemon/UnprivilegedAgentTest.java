package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privilege model of the systemd unit (DynamicUser, the four ambient capabilities, the docker group) on the real
 * kernel: the agent started by setpriv as an unprivileged uid holding only CAP_AUDIT_READ, CAP_AUDIT_CONTROL,
 * CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH reads kernel audit, the Docker API and other users' processes.
 */
@Tag("host")
class UnprivilegedAgentTest {
    private static final int METRICS = 19147;
    private static final String CAPS = "+audit_read,+audit_control,+sys_ptrace,+dac_read_search";
    private static final int UID = 61_947;

    @TempDir
    Path tmp;

    private static double metric(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String scrape() throws Exception {
        Process p = new ProcessBuilder("curl", "-sf", "http://127.0.0.1:" + METRICS + "/metrics").start();
        String body = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? body : "";
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
        return p.exitValue();
    }

    @Test
    void fourAmbientCapabilitiesAndTheDockerGroupAreEnough() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        run("chown", "-R", UID + ":" + UID, data.toString());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = tmp.resolve("agent.log");
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--groups=docker",
                "--inh-caps=-all," + CAPS, "--ambient-caps=-all," + CAPS, "--bounding-set=-all," + CAPS,
                "--no-new-privs", Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-Djava.io.tmpdir=" + data, "-cp", System.getProperty("java.class.path"),
                "io.keelwatch.cli.Keelwatch", "run", "--audit-source", "multicast", "--data-dir", data.toString(),
                "--no-stdout", "--metrics-listen", "127.0.0.1:" + METRICS, "--log-level", "info",
                "--set", "rules.local_dir=off"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String m = "";
            for (int i = 0; i < 300 && metric(m, "keelwatch_audit_records_total") == 0; i++) {
                assertTrue(p.isAlive(), Files.readString(log));
                Thread.sleep(200);
                m = scrape();
            }
            assertTrue(metric(m, "keelwatch_audit_records_total") > 0, "reads kernel audit:\n" + Files.readString(log));
            // the metric carries the build's version, as --version does
            assertEquals(1.0, metric(m, "keelwatch_build_info{version=\"" + io.keelwatch.agent.BuildInfo.version() + "\""),
                    m.lines().filter(l -> l.startsWith("keelwatch_build_info")).toList().toString());
            // a container started now reaches the agent through the Docker API (events, then inspect)
            assertEquals(0, run("docker", "run", "--rm", "--network", "none", "local/busybox:1", "true"));
            for (int i = 0; i < 100 && metric(m, "keelwatch_inputs_total{kind=\"DockerEvent\"") == 0; i++) {
                Thread.sleep(200);
                m = scrape();
            }
            assertTrue(metric(m, "keelwatch_inputs_total{kind=\"DockerEvent\"") > 0,
                    "reads the Docker API:\n" + m.lines().filter(l -> l.startsWith("keelwatch_inputs")).toList()
                            + "\n" + Files.readString(log));
            String text = Files.readString(log);
            assertFalse(text.contains("Permission denied") || text.contains("Operation not permitted"), text);
            assertTrue(Files.list(data.resolve("journal")).findAny().isPresent(), "the journal is written");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }
}
