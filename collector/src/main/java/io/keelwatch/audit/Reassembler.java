package io.keelwatch.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Groups records into events keyed by (node, timestamp, serial). An event closes when a record that
 * ends events arrives ({@link RecordType#endsEvent}: EOE, PROCTITLE, single-record types — auditd never
 * logs EOE), when log time has moved {@code timeout} past its timestamp (auparse's
 * {@code end_of_event_timeout}, measured in the stream's time so replaying a file gives the same events),
 * when too many events are open (oldest evicted), or at {@link #flush()}. Records interleave and arrive
 * out of order; a record for an already emitted event is counted as late and emitted as its own event,
 * as auparse does, except an EOE that follows its event's PROCTITLE: it ends nothing and is only counted. Lost kernel serials are counted (DAEMON_* records use auditd's own counter and are
 * left out). Every outcome is counted in {@link #stats()}.
 *
 * <p>Single-threaded: one owner calls {@link #add}, {@link #advanceTo} and {@link #flush}.
 */
public final class Reassembler {
    public static final long DEFAULT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    /** Emitted keys remembered per in-flight slot, to tell late records from new events. */
    private static final int RECENT_PER_IN_FLIGHT = 8;

    /** Receives each event's records; the list is the sink's to keep. */
    @FunctionalInterface
    public interface Sink {
        void event(EventId id, List<AuditRecord> records);
    }

    private static final class Open {
        final String node;
        final long timestampMs;
        final long serial;
        final ArrayList<AuditRecord> records = new ArrayList<>(8);

        Open(AuditRecord first) {
            node = first.node();
            timestampMs = first.timestampMs();
            serial = first.serial();
            records.add(first);
        }

        boolean matches(AuditRecord r) {
            return serial == r.serial() && timestampMs == r.timestampMs() && Objects.equals(node, r.node());
        }
    }

    private final Sink sink;
    private final long timeoutMs;
    private final int maxInFlight;
    private final ArrayList<Open> open = new ArrayList<>();
    private final RecentEvents recent;
    /** Each node has its own kernel and so its own serial space. */
    private final SerialTracker serials = new SerialTracker();
    private final java.util.HashMap<String, SerialTracker> nodeSerials = new java.util.HashMap<>();
    private long clockMs = Long.MIN_VALUE;
    private long oldestOpenMs = Long.MAX_VALUE;

    private long records;
    private long events;
    private long completed;
    private long timedOut;
    private long evicted;
    private long flushed;
    private long late;
    private long strayEoe;

    /**
     * A reassembler that hands each event's records to {@code sink} undecoded (counting, routing,
     * journaling need no decoding).
     */
    public static Reassembler ofRecords(Sink sink, long timeoutMs, int maxInFlight) {
        return new Reassembler(sink, timeoutMs, maxInFlight);
    }

    private Reassembler(Sink sink, long timeoutMs, int maxInFlight) {
        if (timeoutMs <= 0 || maxInFlight <= 0) {
            throw new IllegalArgumentException("timeout and max in-flight must be positive");
        }
        this.sink = Objects.requireNonNull(sink);
        this.timeoutMs = timeoutMs;
        this.maxInFlight = maxInFlight;
        this.recent = new RecentEvents((int) Math.min(1 << 16, Math.max(64L, (long) maxInFlight * RECENT_PER_IN_FLIGHT)));
    }

    /** Emits decoded events ({@link EventDecoder}) with the default timeout (2 s) and in-flight bound. */
    public Reassembler(Consumer<AuditEvent> consumer) {
        this(consumer, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_IN_FLIGHT);
    }

    public Reassembler(Consumer<AuditEvent> consumer, long timeoutMs, int maxInFlight) {
        this(decoding(consumer), timeoutMs, maxInFlight);
    }

    private static Sink decoding(Consumer<AuditEvent> consumer) {
        EventDecoder decoder = new EventDecoder();
        return (id, recs) -> consumer.accept(decoder.decode(id, recs));
    }

    public void add(AuditRecord r) {
        records++;
        advanceTo(r.timestampMs());
        for (int i = open.size() - 1; i >= 0; i--) {
            Open o = open.get(i);
            if (o.matches(r)) {
                o.records.add(r);
                if (RecordType.endsEvent(r.type())) {
                    open.remove(i);
                    completed++;
                    emit(o);
                }
                return;
            }
        }
        long key = RecentEvents.key(r.node(), r.timestampMs(), r.serial());
        if (r.type() == RecordType.EOE) {
            // The event already closed on PROCTITLE (or EOE was all that arrived): nothing left to end.
            strayEoe++;
            return;
        }
        if (recent.contains(key)) {
            late++;
        } else if (!RecordType.isDaemon(r.type())) {
            (r.node() == null ? serials : nodeSerials.computeIfAbsent(r.node(), n -> new SerialTracker()))
                    .observe(r.serial());
        }
        Open o = new Open(r);
        if (RecordType.endsEvent(r.type())) {
            completed++;
            emit(o);
            return;
        }
        open.add(o);
        oldestOpenMs = Math.min(oldestOpenMs, o.timestampMs);
        if (open.size() > maxInFlight) {
            evicted++;
            emit(open.remove(0));
            recomputeOldest();
        }
    }

    /**
     * Moves log time forward (never back) and closes events older than the timeout. The reader calls it
     * for every record; a tailer also calls it from a clock tick (log time ≈ wall time when live) so a
     * quiet log still closes its last events.
     */
    public void advanceTo(long logTimeMs) {
        if (logTimeMs <= clockMs) {
            return;
        }
        clockMs = logTimeMs;
        if (clockMs - oldestOpenMs < timeoutMs) {
            return;
        }
        for (int i = 0; i < open.size(); ) {
            Open o = open.get(i);
            if (clockMs - o.timestampMs >= timeoutMs) {
                open.remove(i);
                timedOut++;
                emit(o);
            } else {
                i++;
            }
        }
        recomputeOldest();
    }

    /** Emits every open event (end of input). */
    public void flush() {
        for (Open o : open) {
            flushed++;
            emit(o);
        }
        open.clear();
        oldestOpenMs = Long.MAX_VALUE;
    }

    public int inFlight() {
        return open.size();
    }

    /** The latest log time seen, or {@link Long#MIN_VALUE} before any record. */
    public long clockMs() {
        return clockMs;
    }

    public ReassemblyStats stats() {
        long gaps = serials.gaps;
        long outOfOrder = serials.outOfOrder;
        long duplicates = serials.duplicates;
        long resets = serials.resets;
        for (SerialTracker t : nodeSerials.values()) {
            gaps += t.gaps;
            outOfOrder += t.outOfOrder;
            duplicates += t.duplicates;
            resets += t.resets;
        }
        return new ReassemblyStats(records, events, completed, timedOut, evicted, flushed, late, strayEoe, gaps,
                outOfOrder, duplicates, resets, open.size());
    }

    private void recomputeOldest() {
        long m = Long.MAX_VALUE;
        for (Open o : open) {
            m = Math.min(m, o.timestampMs);
        }
        oldestOpenMs = m;
    }

    private void emit(Open o) {
        events++;
        recent.add(RecentEvents.key(o.node, o.timestampMs, o.serial));
        sink.event(new EventId(o.node, o.timestampMs, o.serial), o.records);
    }
}
