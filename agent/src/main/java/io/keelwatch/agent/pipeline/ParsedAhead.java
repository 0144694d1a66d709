package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.EventDecoder;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.input.HostInput;

/**
 * Audit inputs parsed before the core sees them, on a thread that reads ahead, so that parsing (and
 * decoding what each record says on its own) runs beside the core instead of on it. Both are functions
 * of the input's bytes alone, so a record parsed ahead is the record the stage would have parsed: the
 * core's results do not change, only where the work is done.
 *
 * <p>Results wait in the order the reader handed the inputs on and are matched to an input by identity
 * (the very object), so a caller that skips inputs or looks ahead cannot mismatch them; a miss only
 * means the stage parses the input itself. The match is nearly always the first waiting result, so it
 * costs one comparison. At most {@link #CAPACITY} results wait; older ones (inputs never fed) are
 * dropped. Single-threaded: the core's thread offers (as it takes inputs from the reader) and takes.
 */
public final class ParsedAhead {
    /** A power of two. */
    static final int CAPACITY = 4096;

    /** An audit input with its record, or with why it is not one. */
    public record Parsed(HostInput input, AuditRecord record, MalformedRecordException error) {
    }

    /** A ring of waiting results, oldest at {@code head}. */
    private final Parsed[] ring = new Parsed[CAPACITY];
    private int head;
    private int size;
    private long hits;
    private long misses;

    /**
     * Parses an audit input; {@code null} for inputs that are not audit records. Ahead of the core,
     * {@code decode} also decodes what the record says on its own ({@link EventDecoder#prepare}), so the
     * core's decoder only assembles events.
     */
    public static Parsed parse(AuditLineParser parser, HostInput in, boolean decode) {
        try {
            AuditRecord r;
            if (in instanceof HostInput.AuditLine l) {
                r = parser.parseOwned(l.line());
            } else if (in instanceof HostInput.AuditNetlink n) {
                r = parser.parseNetlink(n.type(), n.payload(), 0, n.payload().length);
            } else {
                return null;
            }
            if (decode) {
                EventDecoder.prepare(r);
            }
            return new Parsed(in, r, null);
        } catch (MalformedRecordException e) {
            return new Parsed(in, null, e);
        }
    }

    public void offer(Parsed p) {
        if (size == CAPACITY) {
            ring[head] = null;
            head = (head + 1) & (CAPACITY - 1);
            size--;
        }
        ring[(head + size) & (CAPACITY - 1)] = p;
        size++;
    }

    /**
     * The result parsed ahead for this very input, or {@code null}. Results offered before it and not
     * taken belong to inputs the caller skipped, and are dropped.
     */
    public Parsed take(HostInput in) {
        for (int k = 0; k < size; k++) {
            int at = (head + k) & (CAPACITY - 1);
            Parsed p = ring[at];
            if (p.input() == in) {
                for (int j = 0; j <= k; j++) {
                    ring[(head + j) & (CAPACITY - 1)] = null;
                }
                head = (at + 1) & (CAPACITY - 1);
                size -= k + 1;
                hits++;
                return p;
            }
        }
        misses++;
        return null;
    }

    /** Inputs the stage found parsed ahead. */
    public long hits() {
        return hits;
    }

    /** Audit inputs the stage had to parse itself. */
    public long misses() {
        return misses;
    }
}
