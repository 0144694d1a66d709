package io.keelwatch.alert;

import static io.keelwatch.alert.AlertFixtures.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertThrottleTest {
    private final List<Alert> out = new ArrayList<>();
    private final AlertThrottle throttle = new AlertThrottle(Duration.ofSeconds(60), 100, out::add);

    @Test
    void firstOccurrencePassesRepeatsAreFoldedAndCountedWhenTheWindowCloses() {
        for (int i = 0; i < 5; i++) {
            throttle.accept(alert("R", "web", "/host/etc/x", 1_000 + i * 1000L, i));
        }
        assertEquals(1, out.size());
        assertNull(out.get(0).folded());
        throttle.tick(Instant.ofEpochMilli(60_999));
        assertEquals(1, out.size(), "window still open");
        throttle.tick(Instant.ofEpochMilli(61_000));
        assertEquals(2, out.size());
        Alert summary = out.get(1);
        assertEquals(4, summary.folded().count());
        assertEquals(Instant.ofEpochMilli(2_000), summary.folded().first());
        assertEquals(List.of("2.000:1", "3.000:2", "4.000:3", "5.000:4"), summary.folded().eventIds());
        assertEquals(Instant.ofEpochMilli(5_000), summary.time());
        assertEquals(4, throttle.foldedTotal());
        assertEquals(0, throttle.size());
    }

    @Test
    void differentContainerOrKeyFieldIsNotARepeatButAnotherPidIs() {
        throttle.accept(alert("R", "web", "/host/etc/x", 1_000, 1));
        throttle.accept(alert("R", "db", "/host/etc/x", 1_001, 2));
        throttle.accept(alert("R", "web", "/host/etc/y", 1_002, 3));
        throttle.accept(alert("Q", "web", "/host/etc/x", 1_003, 4));
        throttle.accept(alert("R", "web", "/host/etc/x", 1_004, 5)); // other proc.pid: a repeat
        assertEquals(4, out.size());
        assertEquals(1, throttle.foldedTotal());
    }

    @Test
    void aLaterOccurrenceAfterTheWindowReleasesTheHeldCountThenPasses() {
        throttle.accept(alert("R", "web", "/f", 0, 1));
        throttle.accept(alert("R", "web", "/f", 10_000, 2));
        throttle.accept(alert("R", "web", "/f", 70_000, 3));
        assertEquals(3, out.size());
        assertEquals(1, out.get(1).folded().count());
        assertNull(out.get(2).folded());
    }

    @Test
    void boundedKeysCloseTheLeastRecentlySeenFirst() {
        AlertThrottle small = new AlertThrottle(Duration.ofSeconds(60), 2, out::add);
        small.accept(alert("R", "a", "/f", 0, 1));
        small.accept(alert("R", "a", "/f", 1, 2)); // held
        small.accept(alert("R", "b", "/f", 2, 3));
        small.accept(alert("R", "c", "/f", 3, 4)); // evicts a: its held repeat comes out
        assertEquals(2, small.size());
        assertEquals(List.of("a", "b", "a", "c"), out.stream().map(x -> x.container().name()).toList());
        assertEquals(1, out.get(2).folded().count());
    }

    @Test
    void zeroWindowPassesEverything() {
        AlertThrottle none = new AlertThrottle(Duration.ZERO, 2, out::add);
        none.accept(alert("R", "a", "/f", 0, 1));
        none.accept(alert("R", "a", "/f", 0, 2));
        assertEquals(2, out.size());
    }
}
