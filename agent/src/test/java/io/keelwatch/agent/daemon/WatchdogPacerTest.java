package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacing of watchdog pings against a clock the test moves. */
class WatchdogPacerTest {

    @Test
    void pingsAtOnceThenEveryHalfInterval() {
        AtomicLong now = new AtomicLong(1_000);
        AtomicInteger pings = new AtomicInteger();
        WatchdogPacer pacer = new WatchdogPacer(Duration.ofSeconds(10), pings::incrementAndGet, now::get);
        pacer.run();
        assertEquals(1, pings.get(), "the first turn pings");
        for (int i = 0; i < 49; i++) { // 49 turns 100 ms apart: 4.9 s
            now.addAndGet(100_000_000L);
            pacer.run();
        }
        assertEquals(1, pings.get(), "no ping before half the interval");
        now.addAndGet(100_000_000L);
        pacer.run();
        assertEquals(2, pings.get(), "a ping at 5 s");
    }

    @Test
    void aLoopThatStopsTurningStopsPinging() {
        AtomicLong now = new AtomicLong();
        AtomicInteger pings = new AtomicInteger();
        WatchdogPacer pacer = new WatchdogPacer(Duration.ofSeconds(2), pings::incrementAndGet, now::get);
        pacer.run();
        now.addAndGet(Duration.ofMinutes(5).toNanos()); // the core is stuck: run() is not called
        assertEquals(1, pings.get());
        pacer.run(); // it comes back
        assertEquals(2, pings.get());
    }

    @Test
    void aZeroIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WatchdogPacer(Duration.ZERO, () -> { }, () -> 0));
    }
}
