package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;

/**
 * One audit record as parsed from any carrier (auditd log line, netlink payload). The record keeps its
 * bytes and an index of field offsets; values are interpreted (quotes stripped, hex decoded by field
 * name) only when asked for, so counting and routing records allocates no per-field strings.
 *
 * <p>Placeholder shape: the parser (issue #2) owns the internals; the public methods stay.
 */
public final class AuditRecord {
    private final int type;
    private final String node;
    private final long timestampMs;
    private final long serial;
    private final byte[] line;

    public AuditRecord(int type, String node, long timestampMs, long serial, byte[] line) {
        this.type = type;
        this.node = node;
        this.timestampMs = timestampMs;
        this.serial = serial;
        this.line = line;
    }

    public int type() { return type; }

    public String node() { return node; }

    public long timestampMs() { return timestampMs; }

    public long serial() { return serial; }

    public EventId eventId() { return new EventId(node, timestampMs, serial); }

    /** The interpreted value of a field, or {@code null} when absent or null-ish ({@code ?}, {@code (null)}). */
    public String field(String name) {
        throw new UnsupportedOperationException("parser not yet written");
    }

    /** The record as received, without the trailing newline. */
    public String text() {
        return new String(line, StandardCharsets.UTF_8);
    }
}
