package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Distinct counting over event time: fires once per crossing, re-arms below, bounded and counted. */
class WindowCounterTest {

    @Test
    void firesOnceWhenTheDistinctCountReachesTheThreshold() {
        WindowCounter w = new WindowCounter(60_000, 3, 100);
        assertEquals(-1, w.observe("g", "a", 0));
        assertEquals(-1, w.observe("g", "a", 1), "repeats are not distinct");
        assertEquals(-1, w.observe("g", "b", 2));
        assertEquals(3, w.observe("g", "c", 3));
        assertEquals(-1, w.observe("g", "d", 4), "already fired for this crossing");
        assertEquals(-1, w.observe("other", "a", 5));
    }

    @Test
    void oldValuesLeaveTheWindowAndTheGroupReArms() {
        WindowCounter w = new WindowCounter(10_000, 2, 100);
        w.observe("g", "a", 0);
        assertEquals(2, w.observe("g", "b", 1_000));
        assertEquals(-1, w.observe("g", "c", 20_000), "a and b expired: count 1, re-armed");
        assertEquals(2, w.observe("g", "d", 21_000));
    }

    @Test
    void aValueSeenAgainStaysInTheWindow() {
        WindowCounter w = new WindowCounter(10_000, 3, 100);
        w.observe("g", "a", 0);
        w.observe("g", "b", 5_000);
        w.observe("g", "a", 9_000);
        assertEquals(3, w.observe("g", "c", 12_000), "a was refreshed at 9s, b still inside");
    }

    @Test
    void groupsAreBoundedAndEvictionsCounted() {
        WindowCounter w = new WindowCounter(60_000, 5, 3);
        for (int i = 0; i < 10; i++) {
            w.observe("g" + i, "v", i);
        }
        assertEquals(3, w.groups());
        assertEquals(7, w.evictions());
    }

    @Test
    void distinctValuesPerGroupAreBoundedAndEvictionsCounted() {
        WindowCounter w = new WindowCounter(1_000_000, 1_000, 10);
        for (int i = 0; i < 2_100; i++) {
            w.observe("g", "v" + i, i);
        }
        assertEquals(100, w.evictions(), "at most max(2 x threshold, 64) = 2000 values kept");
    }
}
