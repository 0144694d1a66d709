package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A part dies when one of its threads throws or ends while the agent runs, including threads the part's own
 * start method made; the fatal handler hears of it once, and the part's up series goes to 0.
 */
class SupervisorTest {

    @Test
    void aThreadThatThrowsKillsItsPartAndOnlyItsPart() throws Exception {
        try (Supervisor s = new Supervisor()) {
            BlockingQueue<String> fatal = new ArrayBlockingQueue<>(4);
            s.onFatal(fatal::add);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch forever = new CountDownLatch(1);
            s.start("core", "core-thread", true, () -> await(forever));
            s.start("source", "source-thread", true, () -> {
                await(go);
                throw new IllegalStateException("read past the end");
            });
            assertEquals(Map.of(List.of("core"), 1, List.of("source"), 1), s.up());
            go.countDown();
            String reason = fatal.poll(5, TimeUnit.SECONDS);
            assertTrue(reason != null && reason.contains("source-thread") && reason.contains("read past the end"),
                    String.valueOf(reason));
            assertEquals(Map.of(List.of("core"), 1, List.of("source"), 0), s.up());
            Thread.sleep(3 * Supervisor.WATCH_MS);
            assertNull(fatal.poll(), "told once");
            forever.countDown();
        }
    }

    @Test
    void aThreadStartedInsideAnAdoptedStartIsWatchedAndItsQuietEndIsADeath() throws Exception {
        try (Supervisor s = new Supervisor()) {
            BlockingQueue<String> fatal = new ArrayBlockingQueue<>(4);
            s.onFatal(fatal::add);
            CountDownLatch stop = new CountDownLatch(1);
            // the source's own code starts its thread; that thread logs its error and returns, throwing nothing
            Thread own = s.adopt("audit", () -> {
                Thread t = new Thread(() -> await(stop), "audit-reader");
                t.setDaemon(true);
                t.start();
                return t;
            });
            assertEquals("part-audit", own.getThreadGroup().getName());
            assertNull(fatal.poll(3 * Supervisor.WATCH_MS, TimeUnit.MILLISECONDS));
            stop.countDown();
            String reason = fatal.poll(5, TimeUnit.SECONDS);
            assertTrue(reason != null && reason.contains("audit-reader") && reason.contains("ended"), reason);
            assertEquals(Map.of(List.of("audit"), 0), s.up());
        }
    }

    @Test
    void aThreadALaterThreadOfThePartStartsIsThePartsToo() throws Exception {
        try (Supervisor s = new Supervisor()) {
            BlockingQueue<String> fatal = new ArrayBlockingQueue<>(4);
            s.onFatal(fatal::add);
            CountDownLatch go = new CountDownLatch(1);
            s.adopt("sender", () -> {
                Thread t = new Thread(() -> {
                    await(go);
                    // a pool thread made on demand, after the start returned
                    Thread worker = new Thread(() -> {
                        throw new OutOfMemoryError("Java heap space");
                    }, "sender-worker");
                    worker.start();
                    await(new CountDownLatch(1));
                }, "sender-loop");
                t.setDaemon(true);
                t.start();
                return null;
            });
            go.countDown();
            String reason = fatal.poll(5, TimeUnit.SECONDS);
            assertTrue(reason != null && reason.contains("sender-worker") && reason.contains("OutOfMemoryError"),
                    reason);
        }
    }

    @Test
    void threadsEndingOnceTheAgentStopsAreNoDeath() throws Exception {
        try (Supervisor s = new Supervisor()) {
            BlockingQueue<String> fatal = new ArrayBlockingQueue<>(4);
            s.onFatal(fatal::add);
            CountDownLatch stop = new CountDownLatch(1);
            Thread t = s.start("core", "core-thread", true, () -> await(stop));
            s.stopping();
            stop.countDown();
            t.join();
            assertNull(fatal.poll(3 * Supervisor.WATCH_MS, TimeUnit.MILLISECONDS));
            assertEquals(Map.of(List.of("core"), 1), s.up());
        }
    }

    @Test
    void aHandlerSetAfterTheDeathIsToldAtOnce() throws Exception {
        try (Supervisor s = new Supervisor()) {
            Thread t = s.start("ticker", "ticker", true, () -> {
                throw new IllegalStateException("clock gone");
            });
            t.join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.up().get(List.of("ticker")) == 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            BlockingQueue<String> fatal = new ArrayBlockingQueue<>(4);
            s.onFatal(fatal::add);
            String reason = fatal.poll();
            assertTrue(reason != null && reason.contains("clock gone"), reason);
        }
    }

    @Test
    void aStartThatFailsThrowsToTheCaller() {
        try (Supervisor s = new Supervisor()) {
            IOException e = assertThrows(IOException.class, () -> s.adopt("metrics", () -> {
                throw new IOException("address in use");
            }));
            assertEquals("address in use", e.getMessage());
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
