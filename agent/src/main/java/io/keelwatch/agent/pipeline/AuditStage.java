package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.ReassemblyStats;
import io.keelwatch.audit.Received;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Parsed audit records to events: reassemble, decode. The records come parsed by their source
 * ({@link Received}). Single-threaded, driven by the core.
 */
public interface AuditStage {

    /** Builds a stage that hands each completed event to {@code events}. */
    @FunctionalInterface
    interface Factory {
        AuditStage create(Consumer<AuditEvent> events);
    }

    /** One audit input: its record, or the parse error that made it none (counted). */
    void accept(Received in);

    /** Log time moved on (a tick): close events that timed out. */
    void advanceTo(long timeMs);

    /** End of input: emit every open event. */
    void flush();

    /**
     * A snapshot of the stage's counters.
     *
     * @param recordsByType records read, by record type name
     * @param parseErrors   lines or payloads that were not audit records
     * @param serialGaps    kernel serials never seen
     * @param inFlight      events open in the reassembler
     * @param reassembly    the reassembler's own counters, whole
     */
    record Stats(Map<String, Long> recordsByType, long parseErrors, long serialGaps, int inFlight,
                 ReassemblyStats reassembly) {
        public static final Stats EMPTY = new Stats(Map.of(), 0, 0, 0,
                new ReassemblyStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    Stats stats();
}
