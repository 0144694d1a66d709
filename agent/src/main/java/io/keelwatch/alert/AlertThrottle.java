package io.keelwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Folds repeats of an alert. The first occurrence of a key (rule + container + key fields) passes at
 * once and opens a window; occurrences inside the window are held back and counted; when the window
 * closes (a later occurrence or a {@link #tick}) the last held occurrence is emitted once, carrying the
 * count. Time is the alerts' own (log time), so folding is the same live and in replay. Bounded: past
 * {@code maxKeys} the least recently seen key is closed early.
 */
public final class AlertThrottle implements AlertSink {
    private static final int KEPT_EVENT_IDS = 10;

    private final Duration window;
    private final int maxKeys;
    private final AlertSink next;
    private final LongAdder folded = new LongAdder();
    private final Map<String, Held> keys = new LinkedHashMap<>(256, 0.75f, true);

    private static final class Held {
        final Instant windowEnd;
        long count;
        Instant first;
        Alert last;
        final List<String> eventIds = new ArrayList<>();

        Held(Instant windowEnd) {
            this.windowEnd = windowEnd;
        }
    }

    public AlertThrottle(Duration window, int maxKeys, AlertSink next) {
        this.window = window;
        this.maxKeys = maxKeys;
        this.next = next;
    }

    @Override
    public void accept(Alert alert) {
        if (window.isZero()) {
            next.accept(alert);
            return;
        }
        String key = alert.key();
        Held h = keys.get(key);
        if (h != null && alert.time().isBefore(h.windowEnd)) {
            if (h.count == 0) {
                h.first = alert.time();
            }
            h.count++;
            h.last = alert;
            if (h.eventIds.size() < KEPT_EVENT_IDS && alert.event() != null && alert.event().id() != null) {
                h.eventIds.add(alert.event().id());
            }
            folded.increment();
            return;
        }
        if (h != null) {
            release(h);
        }
        keys.remove(key);
        if (keys.size() >= maxKeys) {
            Iterator<Held> eldest = keys.values().iterator();
            release(eldest.next());
            eldest.remove();
        }
        keys.put(key, new Held(alert.time().plus(window)));
        next.accept(alert);
    }

    /** Closes every window that ended at or before {@code now} (log time). */
    public void tick(Instant now) {
        Iterator<Held> it = keys.values().iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (!h.windowEnd.isAfter(now)) {
                release(h);
                it.remove();
            }
        }
    }

    /** Emits whatever is held (shutdown, end of a replay). */
    public void flush() {
        for (Held h : keys.values()) {
            release(h);
        }
        keys.clear();
    }

    /** Occurrences folded so far (readable from any thread). */
    public long foldedTotal() {
        return folded.sum();
    }

    /** Keys currently tracked. */
    public int size() {
        return keys.size();
    }

    private void release(Held h) {
        if (h.count > 0) {
            next.accept(h.last.withFolded(new Alert.Folded(h.count, h.first, h.eventIds)));
        }
    }

}
