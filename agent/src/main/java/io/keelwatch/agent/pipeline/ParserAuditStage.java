package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.event.HostInput;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The collector's parser, reassembler and decoder as the core's audit stage. */
public final class ParserAuditStage implements AuditStage {
    private final AuditLineParser parser = new AuditLineParser();
    private final Reassembler reassembler;
    private final Map<String, long[]> byType = new HashMap<>();
    private long parseErrors;

    public ParserAuditStage(Consumer<AuditEvent> events, long timeoutMs, int maxInFlight) {
        this.reassembler = new Reassembler(events, timeoutMs, maxInFlight);
    }

    public static Factory factory(long timeoutMs, int maxInFlight) {
        return events -> new ParserAuditStage(events, timeoutMs, maxInFlight);
    }

    @Override
    public void line(HostInput.AuditLine in) {
        try {
            add(parser.parseOwned(in.line()));
        } catch (MalformedRecordException e) {
            parseErrors++;
        }
    }

    @Override
    public void netlink(HostInput.AuditNetlink in) {
        try {
            add(parser.parseNetlink(in.type(), in.payload(), 0, in.payload().length));
        } catch (MalformedRecordException e) {
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
        return new Stats(types, parseErrors, reassembler.stats().serialGaps(), reassembler.inFlight());
    }
}
