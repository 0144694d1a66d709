package io.keelwatch.agent.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import io.keelwatch.rules.engine.Priority;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat (the systemd watchdog's source) beats on the core's own thread: while that thread is stuck on an
 * input, no beat comes, so systemd sees a wedged agent; once it moves again, the beats resume.
 */
class PipelineRunnerHeartbeatTest {

    @Test
    void aStuckLoopStopsTheHeartbeat() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputRecorder wedging = in -> {
            if (in instanceof HostInput.Tick t && t.receivedAtMs() == 99) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PipelineCore core = new PipelineCore(ReassemblyStage.factory(2000, 1024), new BasicIdentity(),
                Detectors.NONE, ExecRuleDetector.factory("h1"), a -> { },
                new PipelineCore.Options(Priority.DEBUG, Duration.ofSeconds(60), 1000, Duration.ofSeconds(60),
                        Set.of()), () -> 0, PipelineCore.RuleTimer.NONE);
        InputQueue queue = new InputQueue(16);
        AtomicInteger beats = new AtomicInteger();
        PipelineRunner runner = new PipelineRunner(queue, wedging, core, null, beats::incrementAndGet);
        Thread t = new Thread(runner, "pipeline-core-test");
        t.start();
        try {
            queue.put(new HostInput.Tick(1));
            awaitBeats(beats, 2);
            queue.put(new HostInput.Tick(99));
            assertTrue(stuck.await(10, TimeUnit.SECONDS));
            int atWedge = beats.get();
            Thread.sleep(500); // five turns' worth of a healthy loop
            assertEquals(atWedge, beats.get(), "no beat while the core's thread is stuck");
            release.countDown();
            awaitBeats(beats, atWedge + 1);
        } finally {
            release.countDown();
            runner.stop();
            t.join(10_000);
        }
        assertTrue(runner.finished());
    }

    private static void awaitBeats(AtomicInteger beats, int atLeast) throws InterruptedException {
        for (int i = 0; i < 200 && beats.get() < atLeast; i++) {
            Thread.sleep(50);
        }
        assertTrue(beats.get() >= atLeast, "beats: " + beats.get() + " < " + atLeast);
    }
}
