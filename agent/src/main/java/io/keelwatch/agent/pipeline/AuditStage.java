package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.ReassemblyStats;
import io.keelwatch.input.HostInput;
import java.util.Map;
import java.util.function.Consumer;

/** Raw audit input to events: parse, reassemble, decode. Single-threaded, driven by the core. */
public interface AuditStage {

    /** Builds a stage that hands each completed event to {@code events}. */
    @FunctionalInterface
    interface Factory {
        AuditStage create(Consumer<AuditEvent> events);
    }

    void line(HostInput.AuditLine in);

    void netlink(HostInput.AuditNetlink in);

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
