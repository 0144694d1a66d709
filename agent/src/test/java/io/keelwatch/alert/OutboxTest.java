package io.keelwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.alert.alertmanager.AmAlert;
import io.keelwatch.alert.alertmanager.Outbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    private static final Duration RESEND = Duration.ofSeconds(60);
    private static final Duration HOLD = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private static AmAlert am(String container, String file, long ms) {
        return AmAlert.of(AlertFixtures.alert("R", container, file, ms, ms), Map.of("cluster", "c1"));
    }

    @Test
    void labelsCarryTheAlertAndTheContainer() {
        AmAlert a = am("web", "/f", 1000);
        assertEquals("R", a.labels().get("alertname"));
        assertEquals("critical", a.labels().get("severity"));
        assertEquals("container_escape", a.labels().get("category"));
        assertEquals("h1", a.labels().get("instance"));
        assertEquals("web", a.labels().get("container"));
        assertEquals(12, a.labels().get("container_id").length());
        assertEquals("local/busybox:1", a.labels().get("image"));
        assertEquals("shop", a.labels().get("namespace"));
        assertEquals("web-0", a.labels().get("pod"));
        assertEquals("c1", a.labels().get("cluster"));
        assertTrue(a.annotations().get("summary").startsWith("Write below host /etc"));
        assertEquals("1.000:1000", a.annotations().get("event_ids"));
    }

    @Test
    void pendingSurvivesReopenAndIsDeliveredOnce() throws Exception {
        Outbox o = Outbox.open(dir, 100);
        o.put(am("web", "/a", 1000));
        o.put(am("db", "/a", 2000));
        assertEquals(2, o.pending());
        Outbox reopened = Outbox.open(dir, 100);
        assertEquals(2, reopened.pending());
        List<Outbox.Delivery> due = reopened.due(3000, RESEND, HOLD, 10);
        assertEquals(2, due.size());
        reopened.delivered(due, 3000);
        assertEquals(0, reopened.pending());
        assertEquals(List.of(), reopened.due(3001, RESEND, HOLD, 10), "nothing due until the resend interval");
        assertEquals(0, Outbox.open(dir, 100).pending(), "delivered state is on disk");
    }

    @Test
    void repeatMergesIntoTheSameAlertKeepingItsStart() throws Exception {
        Outbox o = Outbox.open(dir, 100);
        o.put(am("web", "/a", 1000));
        o.put(am("web", "/a", 5000));
        List<Outbox.Delivery> due = o.due(6000, RESEND, HOLD, 10);
        assertEquals(1, due.size());
        assertEquals(1000, due.get(0).alert().startsAtMs());
        assertEquals(5000, due.get(0).alert().lastSeenMs());
        assertEquals("2", due.get(0).alert().annotations().get("occurrences"));
    }

    @Test
    void aNewerOccurrenceDuringAPostStaysPending() throws Exception {
        Outbox o = Outbox.open(dir, 100);
        o.put(am("web", "/a", 1000));
        List<Outbox.Delivery> due = o.due(1000, RESEND, HOLD, 10);
        o.put(am("web", "/a", 1500));
        o.delivered(due, 2000);
        assertEquals(1, o.pending());
    }

    @Test
    void activeAlertsAreResentThenResolvedAndForgotten() throws Exception {
        Outbox o = Outbox.open(dir, 100);
        o.put(am("web", "/a", 0));
        o.delivered(o.due(0, RESEND, HOLD, 10), 0);
        assertEquals(1, o.due(60_000, RESEND, HOLD, 10).size(), "resend after the interval");
        o.delivered(o.due(60_000, RESEND, HOLD, 10), 60_000);
        List<Outbox.Delivery> resolve = o.due(300_000, RESEND, HOLD, 10);
        assertEquals(1, resolve.size());
        assertTrue(resolve.get(0).resolved());
        o.delivered(resolve, 300_000);
        assertEquals(0, o.size());
        assertEquals(0, Outbox.open(dir, 100).size());
    }

    @Test
    void overflowDropsTheOldestAndCountsIt() throws Exception {
        Outbox o = Outbox.open(dir, 2);
        o.put(am("a", "/a", 0));
        o.put(am("b", "/a", 0));
        o.put(am("c", "/a", 0));
        assertEquals(2, o.size());
        assertEquals(1, o.droppedTotal());
        assertEquals(2, Outbox.open(dir, 2).size());
    }
}
