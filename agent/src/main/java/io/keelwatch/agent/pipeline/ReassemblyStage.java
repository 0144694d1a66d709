package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.ReassemblyStats;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.Received;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The collector's reassembler and decoder as the core's audit stage. Records arrive parsed (by the source
 * that read them, {@link Received}); this stage counts them by type and assembles events.
 */
public final class ReassemblyStage implements AuditStage {
    private final Reassembler reassembler;
    private final Map<String, long[]> byType = new HashMap<>();
    private long parseErrors;

    public ReassemblyStage(Consumer<AuditEvent> events, long timeoutMs, int maxInFlight) {
        this.reassembler = new Reassembler(events, timeoutMs, maxInFlight);
    }

    public static Factory factory(long timeoutMs, int maxInFlight) {
        return events -> new ReassemblyStage(events, timeoutMs, maxInFlight);
    }

    @Override
    public void accept(Received in) {
        AuditRecord r = in.record();
        if (r == null) {
            parseErrors++;
            return;
        }
        byType.computeIfAbsent(r.typeName(), k -> new long[1])[0]++;
        reassembler.add(r);
    }

    @Override
    public void advanceTo(long timeMs) {
        reassembler.advanceTo(timeMs);
    }

    @Override
    public void flush() {
        reassembler.flush();
    }

    @Override
    public Stats stats() {
        Map<String, Long> types = new HashMap<>();
        byType.forEach((k, v) -> types.put(k, v[0]));
        ReassemblyStats r = reassembler.stats();
        return new Stats(types, parseErrors, r.serialGaps(), reassembler.inFlight(), r);
    }
}
