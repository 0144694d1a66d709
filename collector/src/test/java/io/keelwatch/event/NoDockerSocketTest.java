package io.keelwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.docker.DockerApi;
import io.keelwatch.docker.DockerEventStream;
import io.keelwatch.host.live.LiveHostLookup;
import io.keelwatch.process.ProcessContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Without a Docker socket the collector still runs: container ids come from cgroups, metadata stays empty. */
@Tag("host")
class NoDockerSocketTest {

    @Test
    void containerIdsComeFromCgroupsAndTheEventStreamKeepsRetrying() throws Exception {
        Process run = new ProcessBuilder("docker", "run", "-d", "--rm", "local/busybox:1", "sleep", "30")
                .redirectErrorStream(true).start();
        String id = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, run.waitFor(), id);
        Path missing = Path.of("/tmp/kw-id-no-docker-" + ProcessHandle.current().pid() + ".sock");
        AtomicInteger delivered = new AtomicInteger();
        try (DockerApi api = new DockerApi(missing);
             DockerEventStream stream = new DockerEventStream(api, e -> delivered.incrementAndGet(),
                     System::currentTimeMillis, new DockerEventStream.Backoff(Duration.ofMillis(20),
                     Duration.ofMillis(100)), () -> { })) {
            stream.start();
            Enricher enricher = Enricher.create(new LiveHostLookup(Path.of("/proc"), null), 4096);
            enricher.start();
            int initPid = Integer.parseInt(inspectPid(id));
            ProcessContext init = enricher.processes().context(initPid);
            assertEquals(id, init.self().containerId());
            ContainerInfo c = enricher.containers().get(id);
            assertEquals(ContainerInfo.idOnly(id), c);
            assertFalse(c.hasMetadata());
            assertNull(enricher.processes().context((int) ProcessHandle.current().pid()).self().containerId());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stream.failures() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(stream.failures() >= 3, "the stream keeps retrying: " + stream.lastError());
            assertFalse(stream.connected());
            assertEquals(0, delivered.get());
        } finally {
            new ProcessBuilder("docker", "rm", "-f", id).start().waitFor();
        }
    }

    private static String inspectPid(String id) throws Exception {
        Process p = new ProcessBuilder("docker", "inspect", "-f", "{{.State.Pid}}", id).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }
}
