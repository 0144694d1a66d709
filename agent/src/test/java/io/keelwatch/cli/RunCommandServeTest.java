package io.keelwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.daemon.Agent;
import io.keelwatch.agent.daemon.SystemdNotify;
import io.keelwatch.agent.pipeline.AuditFixture;
import io.keelwatch.agent.pipeline.BasicIdentity;
import io.keelwatch.agent.pipeline.Detector;
import io.keelwatch.agent.pipeline.ExecRuleDetector;
import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.ReassemblyStage;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertKeys;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's run ends with exit 3 when a part dies, with {@code keelwatch_up} at 0 for that part while the
 * agent is still up to be scraped: a source whose thread throws, and a core whose rules throw out of an event.
 */
class RunCommandServeTest {
    @TempDir
    Path tmp;

    @Test
    void aSourceThreadThatThrowsEndsTheRunWithExit3() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        InputSource failing = new InputSource() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void start(InputQueue queue) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    throw new IllegalStateException("netlink socket gone");
                }, "failing-reader");
                t.setDaemon(true);
                t.start();
            }

            @Override
            public void close() { }
        };
        try (Agent agent = start(ExecRuleDetector.factory("h-test"), failing)) {
            String url = "http://127.0.0.1:" + agent.metricsPort() + "/metrics";
            assertTrue(scrape(url).contains("keelwatch_up{part=\"failing\",} 1.0"), scrape(url));
            go.countDown();
            awaitLine(url, "keelwatch_up{part=\"failing\",} 0.0");
            assertTrue(scrape(url).contains("keelwatch_up{part=\"core\",} 1.0"), "only the failed part is down");
            AtomicReference<String> fatal = new AtomicReference<>();
            assertEquals(3, RunCommand.serve(agent, new CountDownLatch(1), fatal, SystemdNotify.NONE));
            assertTrue(fatal.get().contains("failing-reader") && fatal.get().contains("netlink socket gone"),
                    fatal.get());
        }
    }

    @Test
    void aCoreThatThrowsEndsTheRunWithExit3() throws Exception {
        Detector broken = new Detector() {
            @Override
            public List<Alert> detect(EnrichedEvent event, AlertKeys.RepeatKey keys) {
                throw new IllegalStateException("window state corrupt");
            }

            @Override
            public List<Alert> inventory(List<ContainerState> running, Instant now, AlertKeys.RepeatKey keys) {
                return List.of();
            }

            @Override
            public int rulesLoaded() {
                return 1;
            }
        };
        try (Agent agent = start(content -> broken)) {
            String url = "http://127.0.0.1:" + agent.metricsPort() + "/metrics";
            for (String l : AuditFixture.lines().subList(0, 200)) {
                agent.queue().put(AuditFixture.received(l));
            }
            awaitLine(url, "keelwatch_up{part=\"core\",} 0.0");
            AtomicReference<String> fatal = new AtomicReference<>();
            assertEquals(3, RunCommand.serve(agent, new CountDownLatch(1), fatal, SystemdNotify.NONE));
            assertTrue(fatal.get().contains("pipeline-core") && fatal.get().contains("window state corrupt"),
                    fatal.get());
        }
    }

    @Test
    void aStopWithNoDeathIsExit0() throws Exception {
        try (Agent agent = start(ExecRuleDetector.factory("h-test"))) {
            CountDownLatch stop = new CountDownLatch(1);
            stop.countDown();
            assertEquals(0, RunCommand.serve(agent, stop, new AtomicReference<>(), SystemdNotify.NONE));
        }
    }

    private Agent start(Detector.Factory detectors, InputSource... sources) throws Exception {
        AgentConfig cfg = ConfigLoader.load(null, Map.of("host", "h-test", "data_dir", tmp.resolve("agent").toString(),
                "audit.source", "none", "alerts.stdout", "false", "metrics.listen", "127.0.0.1:0",
                "journal.enabled", "false"));
        return Agent.start(cfg, new Agent.Parts(ReassemblyStage.factory(2000, 1024), new BasicIdentity(), detectors,
                "/usr/bin/docker", List.of(sources), InputRecorder.NONE, m -> { }),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String scrape(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitLine(String url, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = scrape(url);
            if (last.lines().anyMatch(line::equals)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line " + line + " in:\n" + last);
    }
}
