package io.keelwatch.alert.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleFromTheFloorToTheCapAndStayInTheUpperHalf() {
        Backoff b = new Backoff(1000, 60_000, new SplittableRandom(7));
        long[] ceilings = {1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000};
        for (long c : ceilings) {
            long d = b.nextDelayMs();
            assertTrue(d >= c / 2 && d <= c, "delay " + d + " within [" + c / 2 + ", " + c + "]");
        }
        b.reset();
        long d = b.nextDelayMs();
        assertTrue(d >= 500 && d <= 1000, "after a success the next failure starts over: " + d);
    }

    /**
     * A fleet of 1000 nodes loses its endpoint at the same instant and retries: without jitter every node
     * would send its n-th retry at the same millisecond; with it the retries spread over the window.
     */
    @Test
    void aFleetThatFailedTogetherDoesNotRetryInStep() {
        int nodes = 1000;
        int retry = 5;
        long[] at = new long[nodes];
        for (int i = 0; i < nodes; i++) {
            Backoff b = new Backoff(1000, 60_000, new SplittableRandom(1000L + i));
            for (int r = 0; r < retry; r++) {
                at[i] += b.nextDelayMs();
            }
        }
        // Without jitter the 5th retry of every node lands at 1+2+4+8+16 = 31 s.
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        TreeMap<Long, Integer> perTenth = new TreeMap<>();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long t : at) {
            perSecond.merge(t / 1000, 1, Integer::sum);
            perTenth.merge(t / 100, 1, Integer::sum);
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        int busiest = perTenth.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        System.out.println("5th retry of 1000 nodes: from " + min + " ms to " + max + " ms, "
                + perTenth.size() + " distinct 100 ms slots, busiest slot " + busiest + " nodes; per second: "
                + perSecond);
        assertTrue(min >= 15_500 && max <= 31_000, "inside [sum of floors, sum of ceilings]: " + min + ".." + max);
        assertTrue(max - min >= 10_000, "spread over at least 10 s: " + (max - min));
        assertTrue(perSecond.size() >= 12, "at least 12 distinct seconds: " + perSecond.size());
        assertTrue(busiest <= nodes / 25, "no 100 ms slot holds more than 4 % of the fleet: " + busiest);
        assertEquals(nodes, perSecond.values().stream().mapToInt(Integer::intValue).sum());
    }
}
