package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.ReassemblyStats;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.input.HostInput;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The collector's parser, reassembler and decoder as the core's audit stage. Inputs that a reader parsed
 * ahead ({@link ParsedAhead}) are taken from there; the rest are parsed here.
 */
public final class ParserAuditStage implements AuditStage {
    private final AuditLineParser parser = new AuditLineParser();
    private final Reassembler reassembler;
    private final ParsedAhead ahead;
    private final Map<String, long[]> byType = new HashMap<>();
    private long parseErrors;

    public ParserAuditStage(Consumer<AuditEvent> events, long timeoutMs, int maxInFlight, ParsedAhead ahead) {
        this.reassembler = new Reassembler(events, timeoutMs, maxInFlight);
        this.ahead = ahead;
    }

    public static Factory factory(long timeoutMs, int maxInFlight) {
        return factory(timeoutMs, maxInFlight, null);
    }

    /** @param ahead where inputs parsed ahead wait, or {@code null} */
    public static Factory factory(long timeoutMs, int maxInFlight, ParsedAhead ahead) {
        return events -> new ParserAuditStage(events, timeoutMs, maxInFlight, ahead);
    }

    @Override
    public void line(HostInput.AuditLine in) {
        accept(in);
    }

    @Override
    public void netlink(HostInput.AuditNetlink in) {
        accept(in);
    }

    private void accept(HostInput in) {
        ParsedAhead.Parsed p = ahead == null ? null : ahead.take(in);
        if (p == null) {
            p = ParsedAhead.parse(parser, in, false);
        }
        if (p.record() != null) {
            add(p.record());
        } else {
            parseErrors++;
        }
    }

    private void add(AuditRecord r) {
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
