package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify as systemd sees it: the test binds the datagram socket, hands its path to {@code keelwatch run} as
 * {@code NOTIFY_SOCKET} (with {@code WATCHDOG_USEC}), and reads the agent's messages one datagram at a time.
 */
class SystemdNotifyTest {
    @TempDir
    Path tmp;

    /** The systemd side: a bound AF_UNIX datagram socket, read one message at a time. */
    private static final class NotifyListener implements AutoCloseable {
        final Path path;
        final UnixDatagramChannel channel;

        NotifyListener(Path path) throws IOException {
            this.path = path;
            channel = UnixDatagramChannel.open();
            channel.bind(new UnixSocketAddress(path.toFile()));
            channel.setOption(UnixSocketOptions.SO_RCVTIMEO, 20_000); // a silent agent fails the test, not hangs it
        }

        /** The next datagram, or empty when none came within the receive timeout. */
        Optional<String> next() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4096);
            try {
                channel.receive(b);
            } catch (IOException e) {
                // jnr reports an expired SO_RCVTIMEO as EAGAIN
                if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                    return Optional.empty();
                }
                throw e;
            }
            b.flip();
            return b.remaining() == 0 ? Optional.empty()
                    : Optional.of(StandardCharsets.UTF_8.decode(b).toString());
        }

        /** Reads until a message starting with {@code prefix}; every message read on the way is kept. */
        String until(String prefix, List<String> seen) throws IOException {
            for (int i = 0; i < 500; i++) {
                Optional<String> m = next();
                if (m.isEmpty()) {
                    throw new AssertionError("no message starting " + prefix + "; got " + seen);
                }
                seen.add(m.get());
                if (m.get().startsWith(prefix)) {
                    return m.get();
                }
            }
            throw new AssertionError("no message starting " + prefix + " in 500; got " + seen);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private Process startAgent(Path notifySocket, Map<String, String> extraEnv) throws IOException {
        Path cfg = tmp.resolve("keelwatch.yaml");
        Files.writeString(cfg, """
                data_dir: %s
                audit:
                  source: none
                docker:
                  socket: %s
                alerts:
                  stdout: false
                metrics:
                  listen: off
                journal:
                  enabled: false
                log:
                  level: info
                """.formatted(tmp.resolve("data"), tmp.resolve("no-docker.sock")));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(s -> s.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.keelwatch.cli.Keelwatch", "run",
                "--config", cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("agent.log").toFile());
        pb.environment().put("NOTIFY_SOCKET", notifySocket.toString());
        pb.environment().putAll(extraEnv);
        return pb.start();
    }

    @Test
    void readyWatchdogAndStoppingArriveMessageByMessage() throws Exception {
        try (NotifyListener systemd = new NotifyListener(tmp.resolve("notify.sock"))) {
            // 2 s: the agent pings every second (half the interval), from the core's loop
            Process p = startAgent(systemd.path, Map.of("WATCHDOG_USEC", "2000000"));
            List<String> seen = new ArrayList<>();
            try {
                String first = systemd.until("STATUS=", seen);
                assertEquals("STATUS=starting: loading rules, opening sources", first);
                String ready = systemd.until("READY=1", seen);
                assertTrue(ready.startsWith("READY=1\nSTATUS=watching: "), ready);
                assertEquals(2, seen.size(), "nothing before READY=1 but the start status: " + seen);
                systemd.until("WATCHDOG=1", seen);
                systemd.until("WATCHDOG=1", seen);
                assertTrue(p.isAlive());
            } finally {
                p.destroy(); // SIGTERM
            }
            String stopping = systemd.until("STOPPING=1", seen);
            assertTrue(stopping.startsWith("STOPPING=1\nSTATUS=stopping"), stopping);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("agent.log")));
        }
    }

    @Test
    void noWatchdogPingsWhenSystemdRunsNoWatchdog() throws Exception {
        try (NotifyListener systemd = new NotifyListener(tmp.resolve("notify.sock"))) {
            systemd.channel.setOption(UnixSocketOptions.SO_RCVTIMEO, 3_000);
            Process p = startAgent(systemd.path, Map.of());
            List<String> seen = new ArrayList<>();
            try {
                systemd.until("READY=1", seen);
                // three seconds of silence would hold at least one ping were a watchdog on (2 s interval above)
                assertEquals(Optional.empty(), systemd.next(), "no message after READY=1 without WATCHDOG_USEC");
            } finally {
                p.destroy();
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals("STOPPING=1", systemd.until("STOPPING=1", seen).lines().findFirst().orElseThrow());
        }
    }

    /**
     * sd_notify replaced the keelwatch-wait-ready probe: nothing in the tree may still call it (a bench script did,
     * after the helper was gone). install.sh alone names it, to delete the copy an older version installed.
     * The tree is walked, not asked of git: a clean clone may come as an archive.
     */
    @Test
    void noFileOfTheTreeStillCallsTheOldReadinessProbe() throws Exception {
        Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
        List<String> naming = new ArrayList<>();
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = root.relativize(f);
                boolean built = false;
                for (Path part : rel) {
                    built |= part.toString().equals("target") || part.toString().startsWith(".git");
                }
                if (!built && !f.endsWith("SystemdNotifyTest.java")
                        && new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("keelwatch-wait-ready")) {
                    naming.add(rel.toString());
                }
            }
        }
        assertEquals(List.of("packaging/install.sh"), naming);
    }

    @Test
    void theWatchdogIsForTheProcessSystemdNamed() {
        Map<String, String> env = Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "4242");
        assertEquals(Optional.of(Duration.ofSeconds(30)), SystemdNotify.watchdogInterval(env, 4242));
        assertEquals(Optional.empty(), SystemdNotify.watchdogInterval(env, 4243), "another pid's watchdog");
        assertEquals(Optional.of(Duration.ofMillis(500)),
                SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "500000"), 1));
        assertEquals(Optional.empty(), SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 1));
        assertEquals(Optional.empty(), SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 1));
    }

    @Test
    void outsideSystemdNothingIsSent() throws IOException {
        SystemdNotify n = SystemdNotify.fromEnvironment(Map.of(), 1);
        assertFalse(n.enabled());
        n.ready("x");
        n.watchdogPing();
        assertEquals(0, n.failures());
    }

    @Test
    void anAbstractSocketNameIsReachedAndAGoneListenerIsCountedNotThrown() throws IOException {
        String name = "keelwatch-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramChannel listener = UnixDatagramChannel.open()) {
            listener.bind(new UnixSocketAddress("\0" + name));
            listener.setOption(UnixSocketOptions.SO_RCVTIMEO, 5_000);
            SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), 1);
            n.status("hello");
            ByteBuffer b = ByteBuffer.allocate(256);
            assertNotNull(listener.receive(b));
            b.flip();
            assertEquals("STATUS=hello", StandardCharsets.UTF_8.decode(b).toString());
            n.close();
        }
        SystemdNotify gone = SystemdNotify.fromEnvironment(
                Map.of("NOTIFY_SOCKET", tmp.resolve("nobody-listens.sock").toString()), 1);
        gone.ready("x");
        gone.watchdogPing();
        assertEquals(2, gone.failures());
        gone.close();
    }
}
