package io.keelwatch.audit;

import io.keelwatch.input.HostInput;

/**
 * One input as it travels from its source to the pipeline's core: the raw input (what the journal records and
 * replay feeds back, byte for byte) together with what parsing it gave, so that an audit record is parsed once,
 * on the thread of the source that read it, and never again. For inputs that are not audit records both parse
 * results are {@code null}; for an audit input exactly one of them is set.
 *
 * @param input  the input as received
 * @param record the parsed audit record, or {@code null}
 * @param error  why the audit input is not a record, or {@code null}
 */
public record Received(HostInput input, AuditRecord record, MalformedRecordException error) {

    /**
     * An input that is not an audit record (Docker and runtime events, lookups, ticks, config changes).
     *
     * @throws IllegalArgumentException for an audit input: it must come through {@link #parse}, so that no
     *                                  later stage has to parse it again
     */
    public static Received of(HostInput in) {
        if (isAudit(in)) {
            throw new IllegalArgumentException("an audit input is parsed by its source: Received.parse");
        }
        return new Received(in, null, null);
    }

    /**
     * Parses an audit input, or passes any other input through. With {@code decode}, what each record says on
     * its own is decoded too ({@link EventDecoder#prepare}), on this thread, so the core only assembles events.
     * A parser belongs to one thread.
     */
    public static Received parse(AuditLineParser parser, HostInput in, boolean decode) {
        try {
            AuditRecord r;
            if (in instanceof HostInput.AuditLine l) {
                r = parser.parseOwned(l.line());
            } else if (in instanceof HostInput.AuditNetlink n) {
                r = parser.parseNetlink(n.type(), n.payload(), 0, n.payload().length);
            } else {
                return new Received(in, null, null);
            }
            if (decode) {
                EventDecoder.prepare(r);
            }
            return new Received(in, r, null);
        } catch (MalformedRecordException e) {
            return new Received(in, null, e);
        }
    }

    /** Whether the input is an audit record's line or netlink message. */
    private static boolean isAudit(HostInput in) {
        return in instanceof HostInput.AuditLine || in instanceof HostInput.AuditNetlink;
    }

    /** Whether this is an audit input (parsed, or found malformed). */
    public boolean isAudit() {
        return record != null || error != null;
    }
}
