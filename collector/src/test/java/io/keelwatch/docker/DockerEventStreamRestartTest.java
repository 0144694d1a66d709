package io.keelwatch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A crash and restart of dockerd while containers come and go loses no lifecycle event and delivers
 * none twice. Runs its own daemon: the host's is never touched.
 */
@Tag("host")
class DockerEventStreamRestartTest {

    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

    @Test
    void restartOfDockerdLosesAndRepeatsNoLifecycleEvent() throws Exception {
        boolean hostBridge = java.nio.file.Files.exists(Path.of("/sys/class/net/docker0"));
        try (PrivateDockerd dockerd = new PrivateDockerd(Path.of("/tmp/kw-id-test"))) {
            dockerd.start();
            dockerd.removeAllContainers();
            dockerd.loadImage();
            AtomicInteger connected = new AtomicInteger();
            DockerEventStream.Backoff backoff = new DockerEventStream.Backoff(Duration.ofMillis(100),
                    Duration.ofMillis(800));
            // The stream reaches the daemon through a socket the test can make vanish, so that events
            // certainly happen while the stream is down and can only come back through the replay.
            try (UnixSocketProxy proxy = new UnixSocketProxy(Path.of("/tmp/kw-id-test/proxy.sock"), dockerd.socket());
                 DockerApi api = new DockerApi(Path.of("/tmp/kw-id-test/proxy.sock"));
                 DockerEventStream stream = new DockerEventStream(api, (HostInput.DockerEvent e) -> received.add(e.json()),
                         System::currentTimeMillis, backoff, connected::incrementAndGet)) {
                proxy.restore();
                stream.start();
                waitFor(() -> stream.connected(), "stream connects");
                Map<String, List<String>> expected = new HashMap<>();

                String longRunning = dockerd.docker("run", "-d", "--name", "kwid-long", PrivateDockerd.IMAGE,
                        "sleep", "1000");
                expected.put(longRunning, new ArrayList<>(List.of("create", "start")));
                lifecycles(dockerd, "kwid-before", 3, expected);
                waitFor(() -> allArrived(expected), "events before the first break arrive");

                // 1. The socket goes away while the same daemon goes on: replay from its buffer, with
                //    the overlap before the break dropped as duplicates.
                proxy.cut();
                waitFor(() -> !stream.connected(), "stream notices the socket is gone");
                lifecycles(dockerd, "kwid-gone", 2, expected);
                proxy.restore();
                waitFor(() -> allArrived(expected), "events while the socket was gone arrive");

                // 2. dockerd crashes and restarts while the stream is down; the restored daemon finds
                //    kwid-long's task gone and reports it dead, and more containers come and go.
                long connectsBefore = stream.connects();
                proxy.cut();
                dockerd.kill();
                dockerd.start();
                expected.get(longRunning).add("die");
                lifecycles(dockerd, "kwid-restarted", 2, expected);
                assertEquals(connectsBefore, stream.connects(), "the stream was down throughout");
                proxy.restore();
                waitFor(() -> allArrived(expected), "events of the restarted daemon arrive");

                lifecycles(dockerd, "kwid-after", 1, expected);
                dockerd.docker("rm", "-f", longRunning);
                expected.get(longRunning).add("destroy");
                waitFor(() -> allArrived(expected), "every lifecycle event arrives");
                Thread.sleep(1_000);

                Map<String, Integer> counts = counts();
                List<String> wrong = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                    for (String action : e.getValue()) {
                        int n = counts.getOrDefault(e.getKey() + " " + action, 0);
                        if (n != 1) {
                            wrong.add(e.getKey().substring(0, 12) + " " + action + " x" + n);
                        }
                    }
                }
                assertTrue(wrong.isEmpty(), "not exactly once: " + wrong);
                Set<String> distinct = new HashSet<>(received);
                assertEquals(received.size(), distinct.size(), "a message was delivered twice");
                assertEquals(hostBridge, java.nio.file.Files.exists(Path.of("/sys/class/net/docker0")),
                        "the host daemon's bridge is left alone");
                assertTrue(connected.get() >= 2, "the owner hears of each reconnection (to re-list containers)");
                assertTrue(stream.connects() >= 3);
                System.out.printf("restart test: %d messages, %d connects, %d failures, %d replayed duplicates "
                        + "dropped%n", received.size(), stream.connects(), stream.failures(), stream.duplicates());
            }
        }
    }

    /** create, start, die, destroy for {@code n} short-lived containers. */
    private static void lifecycles(PrivateDockerd dockerd, String prefix, int n, Map<String, List<String>> expected)
            throws Exception {
        for (int i = 0; i < n; i++) {
            String id = dockerd.docker("create", "--name", prefix + "-" + i, PrivateDockerd.IMAGE, "true");
            dockerd.docker("start", "-a", id);
            dockerd.docker("rm", id);
            expected.put(id, new ArrayList<>(List.of("create", "start", "die", "destroy")));
        }
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        for (String json : received) {
            DockerEventMessage m = DockerEventMessage.parse(json);
            if (m.isContainer()) {
                counts.merge(m.actorId() + " " + m.verb(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private boolean allArrived(Map<String, List<String>> expected) {
        Map<String, Integer> counts = counts();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            for (String action : e.getValue()) {
                if (!counts.containsKey(e.getKey() + " " + action)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
