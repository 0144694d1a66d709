package io.keelwatch.alert.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The alerts one Alertmanager must hear about, kept on disk (one file per label set, replaced
 * atomically) so that none is lost while Alertmanager is down or the agent restarts. An alert is
 * <em>pending</em> until a post of its current version succeeds, then <em>sent</em>: re-posted every
 * resend interval while active, and posted once more, resolved, after {@code holdFor} without a new
 * occurrence; then its file goes. Keyed by fingerprint, so a re-post after a restart updates the same
 * Alertmanager alert instead of adding one. Thread-safe: the pipeline puts, the sender takes.
 */
public final class Outbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is kept on disk for one label set. */
    record Stored(AmAlert alert, boolean pending, long resolvedAtMs) { }

    /** One alert to post: {@code endsAtMs} is set by the sender. */
    public record Delivery(String fingerprint, long version, AmAlert alert, long resolvedAtMs) {
        public boolean resolved() {
            return resolvedAtMs > 0;
        }
    }

    private static final class Slot {
        AmAlert alert;
        boolean pending;
        boolean pendingOnDisk;
        long resolvedAtMs;
        long version;
        long lastSentMs;
    }

    private final Path dir;
    private final int max;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private long versions;

    private Outbox(Path dir, int max) {
        this.dir = dir;
        this.max = max;
    }

    /** Opens (creating) the directory and loads what a previous run left. */
    public static Outbox open(Path dir, int max) throws IOException {
        Files.createDirectories(dir);
        Outbox o = new Outbox(dir, max);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            try {
                Stored s = JSON.readValue(f.toFile(), Stored.class);
                Slot slot = new Slot();
                slot.alert = s.alert();
                slot.pending = true; // a restart re-posts everything it holds: re-posts are idempotent
                slot.pendingOnDisk = s.pending();
                slot.resolvedAtMs = s.resolvedAtMs();
                slot.version = ++o.versions;
                o.slots.put(s.alert().fingerprint(), slot);
            } catch (IOException e) {
                // A torn file from a crash mid-write cannot happen (atomic rename); anything else is kept aside.
                o.unreadable.increment();
                Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return o;
    }

    /** Records an occurrence: new, or merged into the active alert of the same label set. */
    public synchronized void put(AmAlert a) {
        Slot s = slots.get(a.fingerprint());
        if (s != null && s.resolvedAtMs == 0) {
            s.alert = s.alert.mergedWith(a);
        } else {
            if (s == null) {
                s = new Slot();
                slots.put(a.fingerprint(), s);
            }
            s.alert = a;
            s.resolvedAtMs = 0;
        }
        s.pending = true;
        s.version = ++versions;
        store(s, true);
        while (slots.size() > max) {
            Iterator<Slot> it = slots.values().iterator();
            Slot eldest = it.next();
            it.remove();
            delete(eldest.alert.fingerprint());
            dropped.increment();
        }
        notifyAll();
    }

    /**
     * The alerts to post now: pending ones, active ones due for a resend, and active ones quiet for
     * {@code holdFor}, which become resolved here.
     */
    public synchronized List<Delivery> due(long nowMs, Duration resend, Duration holdFor, int limit) {
        List<Delivery> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (!s.pending && s.resolvedAtMs == 0) {
                if (s.alert.lastSeenMs() + holdFor.toMillis() <= nowMs) {
                    s.resolvedAtMs = nowMs;
                    s.pending = true;
                    s.version = ++versions;
                    store(s, true);
                } else if (nowMs - s.lastSentMs >= resend.toMillis()) {
                    s.pending = true;
                }
            }
            if (s.pending && out.size() < limit) {
                out.add(new Delivery(s.alert.fingerprint(), s.version, s.alert, s.resolvedAtMs));
            }
        }
        return out;
    }

    /** Marks posted alerts delivered unless a newer occurrence came meanwhile; resolved ones leave. */
    public synchronized void delivered(List<Delivery> done, long nowMs) {
        for (Delivery d : done) {
            Slot s = slots.get(d.fingerprint());
            if (s == null || s.version != d.version()) {
                continue;
            }
            if (s.resolvedAtMs > 0) {
                slots.remove(d.fingerprint());
                delete(d.fingerprint());
                continue;
            }
            s.pending = false;
            s.lastSentMs = nowMs;
            if (s.pendingOnDisk) {
                store(s, false);
            }
        }
    }

    /** Waits up to {@code ms} for a put (the sender sleeps here between rounds). */
    public synchronized void awaitPut(long ms) throws InterruptedException {
        if (ms > 0) {
            wait(ms);
        }
    }

    /** Alerts not yet accepted by Alertmanager in their current version. */
    public synchronized int pending() {
        int n = 0;
        for (Slot s : slots.values()) {
            if (s.pending && s.pendingOnDisk) {
                n++;
            }
        }
        return n;
    }

    /** Every alert held: pending, active and resolving. */
    public synchronized int size() {
        return slots.size();
    }

    public long droppedTotal() {
        return dropped.sum();
    }

    public long unreadableTotal() {
        return unreadable.sum();
    }

    public Path dir() {
        return dir;
    }

    private void store(Slot s, boolean pending) {
        Path f = dir.resolve(s.alert.fingerprint() + ".json");
        Path tmp = dir.resolve(s.alert.fingerprint() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), new Stored(s.alert, pending, s.resolvedAtMs));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            s.pendingOnDisk = pending;
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + f + ": " + e.getMessage(), e);
        }
    }

    private void delete(String fingerprint) {
        try {
            Files.deleteIfExists(dir.resolve(fingerprint + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + dir + ": " + e.getMessage(), e);
        }
    }
}
